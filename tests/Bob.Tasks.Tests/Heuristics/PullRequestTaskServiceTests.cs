using Bob.Git;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks.Tests.Heuristics;

/// <summary>
/// Automatic tasks for a session's pull request (plan 5.3) over in-memory stores, a real git worktree and a fake
/// Kanbanger on 127.0.0.1: a pull request with enough context gets one task however often it is weighed, linked to it and
/// announced once; a trivial one, or one without a workspace to put it in, gets a "skipped" event saying why, and
/// Kanbanger is not asked.
/// </summary>
public sealed class PullRequestTaskServiceTests : InMemoryBobTest
{
    private const string KanbangerToken = "not-a-real-kanbanger-token";
    private FakeKanbanger _kanbanger = null!;

    protected override async Task<InMemoryBob> CreateBobAsync(GitRemote remote)
    {
        _kanbanger = await FakeKanbanger.StartAsync(KanbangerToken);
        return InMemoryBob.Create(remote); // each test builds its own services (BobAsync) over this remote and Kanbanger
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    private Repository _repository = null!;

    private async Task<InMemoryBob> BobAsync(string? workspace = "ws_auto")
    {
        var bob = InMemoryBob.Create(Remote, _kanbanger.BaseUri, services => services.Configure<KanbangerOptions>(o => o.WorkspaceId = workspace));
        _repository = await bob.RegisterAsync(User, Remote);
        return bob;
    }

    /// <summary>A session whose worktree changed <paramref name="files"/> files of <paramref name="lines"/> lines, and its pull request.</summary>
    private async Task<AutoTaskRequest> PullRequestAsync(InMemoryBob bob, string title, int files, int lines, string? body)
    {
        var session = await bob.Sessions.CreateAsync(User, _repository.Id, title);
        var worktree = await bob.Get<WorktreeService>().AddAsync(User, session.Id, null);
        for (var f = 0; f < files; f++)
        {
            await File.WriteAllLinesAsync(Path.Combine(worktree.Path, $"file-{f}.txt"), Enumerable.Range(0, lines).Select(i => $"line {i}"));
        }

        await GitRemote.RunAsync("-C", worktree.Path, "add", ".");
        await GitRemote.RunAsync("-C", worktree.Path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", title);
        var change = await bob.PullRequests.ApplyAsync(_repository, new PullRequestInfo(_repository.Remote, 1, title, body, worktree.Branch, "main", null, PullRequestStatus.Draft, $"{_repository.Remote.WebUrl}/pull/1", null, null));
        return new AutoTaskRequest(session.Id, change.PullRequestId, User, _repository.Remote.FullName, worktree.Branch, title, body, $"{_repository.Remote.WebUrl}/pull/1");
    }

    private int TaskRequests => _kanbanger.Server.Requests.Count(r => r.Path == "/api/v1/tasks");

    [Fact]
    public async Task APullRequestWithEnoughContext_GetsOneTask_LinkedAndAnnouncedOnce_HoweverOftenWeighed()
    {
        await using var bob = await BobAsync();
        var request = await PullRequestAsync(bob, "Fix login redirect loop", files: 3, lines: 10, "Opened by Bob.\n\n## Changes\n- Stop redirecting signed-in users\n- Add a regression test");
        var service = bob.Get<PullRequestTaskService>();

        var first = await service.ConsiderAsync(request);
        var again = await service.ConsiderAsync(request); // the outbox row performed twice

        Assert.True(first.CreateTask && again.CreateTask);
        Assert.Single(_kanbanger.Server.Requests.Where(r => r.Path == "/api/v1/tasks").Select(r => r.Header("Idempotency-Key")).Distinct());
        var task = _kanbanger.Server.Requests.First(r => r.Path == "/api/v1/tasks").Json;
        Assert.Equal(("ws_auto", "Fix login redirect loop"), (task.GetProperty("workspaceId").GetString(), task.GetProperty("title").GetString()));
        Assert.Equal(request.Url, task.GetProperty("links")[0].GetProperty("url").GetString());
        var linked = (await bob.PullRequests.GetAsync(User, request.PullRequestId))!;
        Assert.StartsWith("tsk_", linked.KanbangerTaskId, StringComparison.Ordinal);
        var created = Assert.Single(bob.Sessions.EventsOf(request.SessionId), e => e.Kind == SessionEventKinds.TaskCreated);
        Assert.Equal(linked.KanbangerTaskId, created.Payload.GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task ATrivialPullRequest_IsSkippedWithItsReasons_AndKanbangerIsNotAsked()
    {
        await using var bob = await BobAsync();
        var request = await PullRequestAsync(bob, "Fix login typo", files: 1, lines: 2, null);

        var decision = await bob.Get<PullRequestTaskService>().ConsiderAsync(request);
        await bob.Get<PullRequestTaskService>().ConsiderAsync(request);

        Assert.False(decision.CreateTask);
        Assert.NotEmpty(decision.Reasons);
        var skipped = Assert.Single(bob.Sessions.EventsOf(request.SessionId), e => e.Kind == SessionEventKinds.TaskSkipped);
        Assert.Equal(decision.Reasons.Count, skipped.Payload.GetProperty("reasons").GetArrayLength());
        Assert.Equal(0, TaskRequests);
        Assert.Null((await bob.PullRequests.GetAsync(User, request.PullRequestId))!.KanbangerTaskId);
    }

    [Fact]
    public async Task WithoutAWorkspaceForAutomaticTasks_EvenAGoodPullRequestIsSkipped_SayingWhichSettingToSet()
    {
        await using var bob = await BobAsync(workspace: null);
        var request = await PullRequestAsync(bob, "Fix login redirect loop", files: 3, lines: 10, "## Changes\n- Stop redirecting signed-in users\n- Add a regression test");

        await bob.Get<PullRequestTaskService>().ConsiderAsync(request);

        var skipped = Assert.Single(bob.Sessions.EventsOf(request.SessionId), e => e.Kind == SessionEventKinds.TaskSkipped);
        Assert.Contains("Kanbanger:WorkspaceId", skipped.Payload.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, TaskRequests);
    }
}
