using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.GitLab.Tests;

/// <summary>
/// Award emoji, replies and resolving discussions against a fake GitLab on 127.0.0.1 (relative URL root <c>/gitlab</c>):
/// each request's method, path, query and body as GitLab's REST v4 documentation gives them (Notes, Discussions, Emoji
/// reactions), answered with the documentation's response shapes.
/// </summary>
public sealed class GitLabFeedbackClientTests : IAsyncLifetime
{
    private const string Token = "fake-gitlab-token-for-tests";
    private const string MergeRequest = "/gitlab/api/v4/projects/3/merge_requests/11";
    private const string Discussion = "6a9c1750b37d513a43987b574953fceb50b03ce7";

    /// <summary>A note as the Notes and Discussions API answer it (documented example, id 1126).</summary>
    private const string Note = """
        {"id":1126,"type":"DiscussionNote","body":"Done: the redirect is tested.","attachment":null,
         "author":{"id":1,"name":"root","username":"root","state":"active","avatar_url":"https://www.gravatar.com/avatar/00afb8fb6ab07c3ee3e9c1f38777e2f4?s=80&d=identicon","web_url":"http://localhost:3000/root"},
         "created_at":"2018-03-04T09:17:22.520Z","updated_at":"2018-03-04T09:17:22.520Z","system":false,"noteable_id":3,
         "noteable_type":"MergeRequest","noteable_iid":11,"resolvable":true,"resolved":false,"resolved_by":null}
        """;

    private ProviderTestHost _host = null!;
    private IGitProviderClient _client = null!;
    private RemoteRepositoryIdentity _repository = null!;

    private FakeProviderServer Server => _host.Server;

    public async Task InitializeAsync()
    {
        _host = await ProviderTestHost.StartAsync((git, _) => git.AddGitLab());
        var instance = GitInstance.Create(GitProvider.GitLab, new Uri(Server.BaseUri, "gitlab").ToString());
        _client = _host.Client(GitProvider.GitLab, instance, Token);
        _repository = new RemoteRepositoryIdentity(instance, "my-group", "my-project");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Api(string file) => System.Text.Encoding.UTF8.GetString(EmbeddedPayloads.Read<GitLabClientTests>("gitlab-api", file));

    private static FakeResponse? Project(RecordedRequest r) =>
        r is { Method: "GET", Path: "/gitlab/api/v4/projects/my-group%2Fmy-project" } ? FakeResponse.Json(200, Api("project.json")) : null;

    private RecordedRequest Sent() => Assert.Single(Server.Requests, r => r.Method != "GET");

    [Fact]
    public async Task Acknowledge_AwardsEyesOnTheNote()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "POST", Path: MergeRequest + "/notes/1126/award_emoji" }
            ? FakeResponse.Json(201, """{"id":345,"name":"eyes","user":{"name":"Administrator","username":"root","id":1,"state":"active","avatar_url":"http://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon","web_url":"http://gitlab.example.com/root"},"created_at":"2016-06-17T17:47:29.266Z","updated_at":"2016-06-17T17:47:29.266Z","awardable_id":1126,"awardable_type":"Note"}""")
            : null);

        await _client.AcknowledgeCommentAsync(_repository, 11, "1126", CommentKind.Inline);

        var sent = Sent();
        Assert.Equal($"Bearer {Token}", sent.Header("Authorization"));
        Assert.Equal("eyes", sent.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnEyesAwardedBefore_IsWhatWasAsked()
    {
        Server.Handler = r => Project(r) ?? (r.Method == "POST" ? FakeResponse.Json(404, """{"message":"404 Award Emoji Name has already been taken Not Found"}""") : null);

        await _client.AcknowledgeCommentAsync(_repository, 11, "1126", CommentKind.Conversation);

        Assert.Equal(MergeRequest + "/notes/1126/award_emoji", Sent().Path);
    }

    [Fact]
    public async Task ANoteThatIsGone_IsNotFound()
    {
        Server.Handler = r => Project(r) ?? (r.Method == "POST" ? FakeResponse.Json(404, """{"message":"404 Not found"}""") : null);

        var gone = await Assert.ThrowsAsync<GitProviderException>(() => _client.AcknowledgeCommentAsync(_repository, 11, "1126", CommentKind.Inline));

        Assert.Equal(BobErrorKind.NotFound, gone.Kind);
    }

    [Fact]
    public async Task AReplyInADiscussion_IsANoteOfThatDiscussion_LinkedOnTheMergeRequestPage()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "POST", Path: MergeRequest + "/discussions/" + Discussion + "/notes" } ? FakeResponse.Json(201, Note) : null);

        var posted = await _client.ReplyAsync(_repository, 11, new CommentReplyTarget("1125", CommentKind.Inline, Discussion), "Done: the redirect is tested.");

        Assert.Equal("Done: the redirect is tested.", Sent().Json.GetProperty("body").GetString());
        Assert.Equal(("1126", $"{_repository.WebUrl}/-/merge_requests/11#note_1126"), (posted.ProviderId, posted.Url));
    }

    [Fact]
    public async Task AReplyToANoteWithoutADiscussion_IsANewNote()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "POST", Path: MergeRequest + "/notes" } ? FakeResponse.Json(201, Note) : null);

        await _client.ReplyAsync(_repository, 11, new CommentReplyTarget("1125", CommentKind.Conversation, null), "Thanks.");

        Assert.Equal("Thanks.", Sent().Json.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Resolving_PutsResolvedTrueOnTheDiscussion_AndANoteWithoutOneHasNothingToResolve()
    {
        Server.Handler = r => Project(r) ?? (r is { Method: "PUT", Path: MergeRequest + "/discussions/" + Discussion } ? FakeResponse.Json(200, $$"""{"id":"{{Discussion}}","individual_note":false,"notes":[{{Note}}]}""") : null);

        Assert.True(await _client.ResolveThreadAsync(_repository, 11, new CommentReplyTarget("1125", CommentKind.Inline, Discussion)));
        Assert.False(await _client.ResolveThreadAsync(_repository, 11, new CommentReplyTarget("1125", CommentKind.Conversation, null)));

        Assert.Equal($"PUT {MergeRequest}/discussions/{Discussion}?resolved=true", Sent().ToString());
    }

    [Fact]
    public async Task TheBackfillsList_IsEveryPersonsNote_WithItsDiscussion_AndTheApprovers()
    {
        Server.Handler = r => Project(r) ?? (r.Method, r.Path) switch
        {
            ("GET", MergeRequest + "/discussions") => FakeResponse.Json(200, Api("merge_request_discussions.json")),
            ("GET", MergeRequest + "/approvals") => FakeResponse.Json(200, """{"id":5,"iid":11,"project_id":3,"title":"Approvals API","approved":true,"approved_by":[{"user":{"name":"Administrator","username":"root","id":1,"state":"active","avatar_url":"http://www.gravatar.com/avatar/e64c7d89f26bd1972efa854d13d7dd61?s=80&d=identicon","web_url":"http://localhost:3000/root"}}]}"""),
            _ => null,
        };

        var items = await _client.ListFeedbackAsync(_repository, 11);

        var notes = items.OfType<CommentFeedback>().ToList();
        Assert.Equal([("1126", CommentKind.Inline, PullRequestFeedback.Created), ("1129", CommentKind.Inline, PullRequestFeedback.Edited), ("1128", CommentKind.Conversation, PullRequestFeedback.Created)],
            notes.Select(n => (n.ProviderId, n.Kind, n.Revision)));
        Assert.Equal(("package.json", (int?)27, "6a9c1750b37d513a43987b574953fceb50b03ce7", "root", "1"), (notes[0].Path, notes[0].Line, notes[0].ThreadId, notes[0].Author, notes[0].AuthorId));
        Assert.Equal($"{_repository.WebUrl}/-/merge_requests/11#note_1128", notes[2].Url);
        var thread = Assert.Single(items.OfType<ThreadFeedback>());
        Assert.Equal(("6a9c1750b37d513a43987b574953fceb50b03ce7", true), (thread.ProviderId, thread.Resolved));
        Assert.Equal(["1126", "1129"], thread.CommentIds);
        var approval = Assert.Single(items.OfType<ReviewFeedback>());
        Assert.Equal(("approval-11-1", ReviewState.Approved, "root"), (approval.ProviderId, approval.State, approval.Author));
        Assert.Contains(Server.Requests, r => r.Path == MergeRequest + "/discussions" && r.Query.Contains("per_page=100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOpenDiscussion_IsNoResolution_AndGitLabsOwnNotesAreLeftOut()
    {
        var discussions = System.Text.Json.Nodes.JsonNode.Parse(Api("merge_request_discussions.json"))!.AsArray();
        foreach (var note in discussions[0]!["notes"]!.AsArray())
        {
            note!["resolved"] = false; // the thread is still open
        }

        Server.Handler = r => Project(r) ?? (r.Method, r.Path) switch
        {
            ("GET", MergeRequest + "/discussions") => FakeResponse.Json(200, discussions.ToJsonString()),
            ("GET", MergeRequest + "/approvals") => FakeResponse.Json(200, """{"id":5,"iid":11,"project_id":3,"approved":false,"approved_by":[]}"""),
            _ => null,
        };

        var items = await _client.ListFeedbackAsync(_repository, 11);

        Assert.Empty(items.OfType<ThreadFeedback>());
        Assert.Empty(items.OfType<ReviewFeedback>());
        Assert.DoesNotContain(items, i => i.ProviderId == "1130"); // "approved this merge request", a system note
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task TheBackfillsChecks_AreTheCommitsPipelines_AndItsExternalStatuses()
    {
        const string Sha = "bcbb5ec396a2c0f828686f14fac9b80b780504f2";
        Server.Handler = r => Project(r) ?? (r.Method, r.Path) switch
        {
            ("GET", "/gitlab/api/v4/projects/3/pipelines") when r.Query.Contains($"sha={Sha}", StringComparison.Ordinal) => FakeResponse.Json(200, $$"""
                [{"id":47,"iid":12,"project_id":3,"status":"failed","source":"push","ref":"new-pipeline","sha":"{{Sha}}","web_url":"https://example.com/foo/bar/pipelines/47","created_at":"2016-08-11T11:28:34.085Z","updated_at":"2016-08-11T11:32:35.169Z"}]
                """),
            ("GET", "/gitlab/api/v4/projects/3/repository/commits/" + Sha + "/statuses") => FakeResponse.Json(200, $$"""
                [{"status":"pending","created_at":"2016-01-19T08:40:25.934Z","started_at":null,"name":"bundler:audit","allow_failure":true,"author":{"username":"thedude","id":28},"description":null,"sha":"{{Sha}}","target_url":"https://gitlab.example.com/janedoe/gitlab-foss/builds/91","finished_at":null,"id":91,"ref":"master"},
                 {"status":"success","created_at":"2016-01-19T08:40:25.832Z","name":"flay","sha":"{{Sha}}","target_url":"https://gitlab.example.com/janedoe/gitlab-foss/builds/90","finished_at":"2016-01-19T08:41:00.000Z","id":90,"pipeline_id":47,"ref":"master"}]
                """),
            _ => null,
        };

        var checks = await _client.ListChecksAsync(_repository, Sha);

        Assert.Equal([(CheckKind.Pipeline, "pipeline", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Failure, "47"), (CheckKind.Status, "bundler:audit", CheckStatus.Queued, null, "91")],
            checks.Select(c => (c.Kind, c.Name, c.Status, c.Conclusion, c.ProviderId))); // the pipeline's own job (90) is left to its pipeline
    }
}
