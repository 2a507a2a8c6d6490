using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Bad input to the session, worktree, push and pull request routes: a 4xx problem naming the field, checked before any
/// git command or provider request, and another user's ids are 404.
/// </summary>
public sealed class SessionBadInputTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        return Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    [Theory]
    [InlineData("bell\u0007")]
    [InlineData("line\nbreak")]
    public async Task ASessionTitleWithControlCharacters_Is400(string title)
    {
        var (client, _) = await host.CreateUserClientAsync("session-title");

        Assert.Equal("title", await FieldErrorAsync(await client.PostAsJsonAsync("/api/sessions", new { title })));
    }

    [Fact]
    public async Task ASessionTitleTooLong_Is400() =>
        Assert.Equal("title", await FieldErrorAsync(await (await host.CreateUserClientAsync("long-title")).Client.PostAsJsonAsync("/api/sessions", new { title = new string('x', 201) })));

    [Fact]
    public async Task ASessionOnAnotherUsersRepository_Is404_AndAnotherUsersSessionToo()
    {
        var (owner, _) = await host.CreateUserClientAsync("owner");
        var (other, _) = await host.CreateUserClientAsync("other");
        var repository = await IdAsync(await owner.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"https://github.com/acme/{Guid.NewGuid():N}.git" }));
        var session = await IdAsync(await owner.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title = "Mine" }));

        await ProblemAsync(await other.PostAsJsonAsync("/api/sessions", new { repositoryId = repository }), HttpStatusCode.NotFound);
        await ProblemAsync(await other.GetAsync($"/api/sessions/{session}"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.GetAsync($"/api/sessions/{session}/worktrees"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.GetAsync($"/api/sessions/{session}/pull-requests"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("bad..name")]
    [InlineData("-starts-with-a-dash")]
    [InlineData("has space")]
    [InlineData("ends.lock")]
    public async Task AWorktreeFromABranchNameGitRefuses_Is400BeforeAnyFetch(string baseBranch)
    {
        var (client, _) = await host.CreateUserClientAsync("bad-branch");
        var repository = await IdAsync(await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"https://github.com/acme/{Guid.NewGuid():N}.git" }));
        var session = await IdAsync(await client.PostAsJsonAsync("/api/sessions", new { repositoryId = repository }));

        Assert.Equal("baseBranch", await FieldErrorAsync(await client.PostAsJsonAsync($"/api/sessions/{session}/worktrees", new { baseBranch })));
    }

    [Fact]
    public async Task AWorktreeForASessionWithoutARepository_Is400()
    {
        var (client, _) = await host.CreateUserClientAsync("no-repo");
        var session = await IdAsync(await client.PostAsJsonAsync("/api/sessions", new { title = "Just talk" }));

        Assert.Equal("repositoryId", await FieldErrorAsync(await client.PostAsJsonAsync($"/api/sessions/{session}/worktrees", new { })));
    }

    [Fact]
    public async Task APushWithoutAWorktree_Is400_AndWithAnUnknownOne404()
    {
        var (client, _) = await host.CreateUserClientAsync("no-worktree");
        var session = await IdAsync(await client.PostAsJsonAsync("/api/sessions", new { title = "Push nothing" }));

        Assert.Equal("worktreeId", await FieldErrorAsync(await client.PostAsJsonAsync($"/api/sessions/{session}/push", new { })));
        await ProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{session}/push", new { worktreeId = Guid.NewGuid() }), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task ASessionListWithABadPage_Is400(string query, string field)
    {
        var (client, _) = await host.CreateUserClientAsync("bad-page");

        Assert.Equal(field, await FieldErrorAsync(await client.GetAsync($"/api/sessions{query}")));
    }

    [Fact]
    public async Task SessionLists_PageNewestFirst_WithACursor()
    {
        var (client, _) = await host.CreateUserClientAsync("pages");
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await IdAsync(await client.PostAsJsonAsync("/api/sessions", new { title = $"Session {i}" })));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
    }

    [Fact]
    public async Task APullRequestWithoutRequiredFields_Is400_AndOnARepositoryWithoutAConnection409()
    {
        var (client, _) = await host.CreateUserClientAsync("pr-fields");
        var repository = await IdAsync(await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"https://github.com/acme/{Guid.NewGuid():N}.git" }));

        Assert.Equal("repositoryId", await FieldErrorAsync(await client.PostAsJsonAsync("/api/pull-requests", new { headBranch = "feature", baseBranch = "main", title = "T" })));
        Assert.Equal("title", await FieldErrorAsync(await client.PostAsJsonAsync("/api/pull-requests", new { repositoryId = repository, headBranch = "feature", baseBranch = "main", title = "" })));
        Assert.Equal("headBranch", await FieldErrorAsync(await client.PostAsJsonAsync("/api/pull-requests", new { repositoryId = repository, headBranch = "has space", baseBranch = "main", title = "T" })));
        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/pull-requests", new { repositoryId = repository, headBranch = "feature", baseBranch = "main", title = "T" }), HttpStatusCode.Conflict);
        Assert.Contains("connection", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(await client.PatchAsJsonAsync($"/api/pull-requests/{Guid.NewGuid()}", new { title = "x" }), HttpStatusCode.NotFound);
    }

    /// <summary>Issue 18.8: branch names must pass git's ref-name rules before anything is sent to a provider (a repository without a connection would answer 409 next).</summary>
    [Theory]
    [InlineData("../../../repos/acme/web/pulls", "main")]
    [InlineData("x?y=1#", "main")]
    [InlineData("a..b", "main")]
    [InlineData("main.lock", "main")]
    [InlineData("feature", "release/.hidden")]
    [InlineData("feature", "HEAD")]
    [InlineData("feature//x", "main")]
    [InlineData("feature", "-main")]
    [InlineData("@{-1}", "main")]
    [InlineData("a~1", "main")]
    [InlineData("a:b", "main")]
    [InlineData("a\\b", "main")]
    [InlineData("ends.", "main")]
    public async Task ABranchNameGitRefuses_Is400NamingTheField_BeforeTheProviderIsAsked(string head, string baseBranch)
    {
        var (client, _) = await host.CreateUserClientAsync("pr-branches");
        var repository = await IdAsync(await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"https://github.com/acme/{Guid.NewGuid():N}.git" }));

        var field = await FieldErrorAsync(await client.PostAsJsonAsync("/api/pull-requests", new { repositoryId = repository, headBranch = head, baseBranch, title = "T" }));

        Assert.Equal(head == "feature" ? "baseBranch" : "headBranch", field);
    }
}
