using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Plan 4.3 end to end through the host, on real PostgreSQL and real git: a fake GitHub Enterprise Server on 127.0.0.1
/// serves the API (<c>/api/v3</c>) and a bare repository over smart HTTP (<c>git http-backend</c>), and checks the token on
/// both. A session gets a worktree, commits in it, pushes, and gets one draft pull request. git runs through a wrapper
/// (<c>Git:Executable</c>) that records every argument, so the test can show the token was never in one.
/// </summary>
public sealed class SessionPushTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>, IAsyncLifetime
{
    private const string Token = "not-a-real-token-session-push";
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bob-push-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly CapturingLoggerProvider _logs = new();
    private GitHubRemote _remote = null!;
    private FakeProviderServer _github = null!;
    private FakeGitHubPulls _pulls = null!;
    private WebApplicationFactory<Program> _factory = null!;

    private string Bare => _remote.Bare;

    private string WorkDirectory => Path.Combine(_temp, "work");

    private string GitLog => Path.Combine(_temp, "git-arguments.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        _remote = await GitHubRemote.StartAsync(_temp, Token);
        _github = _remote.Server;
        _pulls = _remote.Pulls;

        // The wrapper records each git command line (never the environment, where the token travels) and runs git.
        var wrapper = Path.Combine(_temp, "git-wrapper.sh");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{GitLog}'\nexec git \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Security:AllowPrivateNetworkInstances", "true");
            builder.UseSetting("Git:WorkDirectory", WorkDirectory);
            builder.UseSetting("Git:Executable", wrapper);
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
            builder.ConfigureServices(services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)));
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _remote.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    internal static Task<string> Git(params string[] arguments) => GitHubRemote.Git(arguments);

    private async Task<HttpClient> UserAsync(string name)
    {
        using var scope = _factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{name}-{Guid.NewGuid():N}", false);
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    internal static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Two sample host processes on this database and this work directory, with one encryption key and the fixture's
    /// GitHub webhook secret; the first runs the webhook worker when <paramref name="worker"/> is set.
    /// </summary>
    private async Task<(RunningHost A, RunningHost B)> TwoHostProcessesAsync(bool worker = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Security__AllowPrivateNetworkInstances"] = "true",
            ["Git__WorkDirectory"] = WorkDirectory,
            ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
            ["Webhooks__Worker__Enabled"] = worker ? "true" : "false",
        };
        var a = await RunningHost.StartAsync(host.ConnectionString, settings);
        settings["Webhooks__Worker__Enabled"] = "false";
        return (a, await RunningHost.StartAsync(host.ConnectionString, settings));
    }

    /// <summary>A new user's API key.</summary>
    private async Task<string> ApiKeyAsync(string name)
    {
        using var scope = _factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{name}-{Guid.NewGuid():N}", false);
        return await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
    }

    private static HttpClient Client(RunningHost running, string apiKey)
    {
        var client = new HttpClient { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Connects the user to the fake GitHub, registers acme/web and opens a session on it.</summary>
    private async Task<(Guid RepositoryId, Guid SessionId)> SessionAsync(HttpClient client, string title)
    {
        var repository = await _remote.RegisterAsync(client);
        var session = await Json(await client.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title }), HttpStatusCode.Created);
        return (repository, session.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AWorktreeCommitAndPush_OpensOneDraftPullRequest_AndTheTokenIsNeverInGitsArgumentsConfigLogsOrDatabase()
    {
        using var client = await UserAsync("pusher");
        var (_, sessionId) = await SessionAsync(client, "Fix login redirect");
        var mainSha = await Git("--git-dir", Bare, "rev-parse", "refs/heads/main");

        var worktree = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
        var path = worktree.GetProperty("path").GetString()!;
        var branch = worktree.GetProperty("branch").GetString()!;
        Assert.Equal($"bob/{sessionId:N}"[..12] + "/fix-login-redirect", branch);
        Assert.Equal(("main", mainSha), (worktree.GetProperty("baseBranch").GetString(), worktree.GetProperty("baseSha").GetString()));
        Assert.Equal(branch, await Git("-C", path, "rev-parse", "--abbrev-ref", "HEAD"));

        await File.WriteAllTextAsync(Path.Combine(path, "login.txt"), "redirect once\n");
        await Git("-C", path, "add", ".");
        await Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Fix the login redirect loop");
        var head = await Git("-C", path, "rev-parse", "HEAD");

        var pushed = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);
        var again = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);

        // The branch is on the remote at the worktree's head; one draft pull request from it into main.
        Assert.Equal(head, await Git("--git-dir", Bare, "rev-parse", $"refs/heads/{branch}"));
        Assert.Equal((branch, head, true), (pushed.GetProperty("branch").GetString(), pushed.GetProperty("sha").GetString(), pushed.GetProperty("created").GetBoolean()));
        var pullRequest = pushed.GetProperty("pullRequest");
        Assert.Equal(("draft", branch, "main", "Fix login redirect"), (pullRequest.GetProperty("status").GetString(), pullRequest.GetProperty("headBranch").GetString(), pullRequest.GetProperty("baseBranch").GetString(), pullRequest.GetProperty("title").GetString()));
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(pullRequest.GetProperty("id").GetGuid(), again.GetProperty("pullRequest").GetProperty("id").GetGuid());
        Assert.Equal(1, _pulls.CreateRequests);
        var created = Assert.Single(_github.Requests, r => r is { Method: "POST", Path: "/api/v3/repos/acme/web/pulls" }).Json;
        Assert.Equal((branch, "main", true), (created.GetProperty("head").GetString(), created.GetProperty("base").GetString(), created.GetProperty("draft").GetBoolean()));

        // One pr.created event; the commit recorded as Bob's, linked to the session and the pull request.
        var pullRequestId = pullRequest.GetProperty("id").GetGuid();
        await using (var events = host.DataSource.CreateCommand("SELECT kind, payload->>'pullRequestId' FROM session_events WHERE session_id = $1 AND kind LIKE 'pr.%'"))
        {
            events.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sessionId });
            await using var reader = await events.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("pr.created", pullRequestId.ToString()), (reader.GetString(0), reader.GetString(1)));
            Assert.False(await reader.ReadAsync());
        }

        await using (var commits = host.DataSource.CreateCommand("SELECT is_bob_commit, session_id, pull_request_id, message FROM git_commits WHERE sha = $1"))
        {
            commits.Parameters.Add(new Npgsql.NpgsqlParameter { Value = head });
            await using var reader = await commits.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal((true, sessionId, pullRequestId, "Fix the login redirect loop"), (reader.GetBoolean(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3)));
        }

        // The token reached the remote on git's requests, yet is in no argument, no file git wrote, no log line, no row.
        Assert.Contains(_github.Requests, r => r.Path.EndsWith("/git-receive-pack", StringComparison.Ordinal) && r.Header("Authorization") == _github.GitAuthorization);
        var arguments = await File.ReadAllTextAsync(GitLog);
        Assert.Contains("push", arguments, StringComparison.Ordinal);
        var base64 = _github.GitAuthorization!["Basic ".Length..];
        foreach (var secret in new[] { Token, base64 })
        {
            Assert.DoesNotContain(secret, arguments, StringComparison.Ordinal);
            foreach (var file in Directory.EnumerateFiles(WorkDirectory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/objects/", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain(secret, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(_logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
            await using var dump = host.DataSource.CreateCommand("""
                SELECT string_agg(t::text, ' ') FROM (
                    SELECT to_jsonb(p)::text AS t FROM pull_requests p UNION ALL SELECT to_jsonb(c)::text FROM git_commits c
                    UNION ALL SELECT to_jsonb(w)::text FROM worktrees w UNION ALL SELECT to_jsonb(e)::text FROM session_events e
                    UNION ALL SELECT to_jsonb(g)::text FROM git_provider_connections g UNION ALL SELECT to_jsonb(r)::text FROM repositories r) rows
                """);
            Assert.DoesNotContain(secret, (string)(await dump.ExecuteScalarAsync())!, StringComparison.Ordinal);
        }

        // Another user sees none of it.
        using var stranger = await UserAsync("stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/pull-requests/{pullRequestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { })).StatusCode);
    }

    /// <summary>
    /// The doubled-PR race: 20 push calls at once, half to each of two host processes on one database and one work
    /// directory, make one create request to the provider, one pull request row and one <c>pr.created</c> event.
    /// </summary>
    [Fact]
    public async Task TwentyConcurrentPushesOnTwoHostProcesses_OpenOnePullRequest_AndAnnounceItOnce()
    {
        var (hostA, hostB) = await TwoHostProcessesAsync();
        await using var _ = hostA;
        await using var __ = hostB;
        var apiKey = await ApiKeyAsync("racer");
        using var a = Client(hostA, apiKey);
        using var b = Client(hostB, apiKey);
        var (_, sessionId) = await SessionAsync(a, "Race to the pull request");
        var worktree = await Json(await a.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
        var path = worktree.GetProperty("path").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(path, "race.txt"), "one\n");
        await Git("-C", path, "add", ".");
        await Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Race");

        _pulls.CreateDelay = TimeSpan.FromMilliseconds(700); // the create is slow, so the calls overlap it
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() })));
        var bodies = await Task.WhenAll(responses.Select(r => Json(r, HttpStatusCode.OK)));

        Assert.Equal(1, _pulls.CreateRequests);
        Assert.Single(bodies.Select(x => x.GetProperty("pullRequest").GetProperty("id").GetGuid()).Distinct());
        Assert.Single(bodies, x => x.GetProperty("created").GetBoolean());
        await using var rows = host.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM pull_requests WHERE head_branch = $1), (SELECT count(*) FROM session_events WHERE session_id = $2 AND kind = 'pr.created')
            """);
        rows.Parameters.Add(new Npgsql.NpgsqlParameter { Value = worktree.GetProperty("branch").GetString() });
        rows.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sessionId });
        await using var reader = await rows.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1L, 1L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    /// <summary>A session with a worktree holding one new commit, ready to push.</summary>
    private async Task<(Guid SessionId, Guid WorktreeId, string Path, string Branch)> CommittedWorktreeAsync(HttpClient client, string title)
    {
        var (_, sessionId) = await SessionAsync(client, title);
        var worktree = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
        var path = worktree.GetProperty("path").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(path, "change.txt"), title + "\n");
        await Git("-C", path, "add", ".");
        await Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", title);
        return (sessionId, worktree.GetProperty("id").GetGuid(), path, worktree.GetProperty("branch").GetString()!);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await Json(response, expected);
    }

    [Fact]
    public async Task APushTheRemoteRejects_AsNotAFastForward_Answers409()
    {
        using var client = await UserAsync("rejected");
        var (sessionId, worktreeId, _, branch) = await CommittedWorktreeAsync(client, "Diverge");

        // Someone else pushed to the same branch first.
        var other = Path.Combine(_temp, "other-clone");
        await Git("clone", "--quiet", Bare, other);
        await Git("-C", other, "checkout", "--quiet", "-b", branch);
        await File.WriteAllTextAsync(Path.Combine(other, "theirs.txt"), "theirs\n");
        await Git("-C", other, "add", ".");
        await Git("-C", other, "-c", "user.name=Other", "-c", "user.email=other@example.org", "commit", "--quiet", "-m", "Theirs");
        await Git("-C", other, "push", "--quiet", "origin", branch);

        var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId }), HttpStatusCode.Conflict);

        Assert.Equal("The remote rejected the push", problem.GetProperty("title").GetString());
        Assert.Equal(0, _pulls.CreateRequests);
    }

    [Fact]
    public async Task APushWhoseTokenTheRemoteRefuses_Answers409NamingTheConnection_WithoutTheToken()
    {
        using var client = await UserAsync("refused");
        var (sessionId, worktreeId, _, _) = await CommittedWorktreeAsync(client, "Refused");
        var connectionId = (await Json(await client.GetAsync("/api/connections"), HttpStatusCode.OK))[0].GetProperty("id").GetGuid();
        var accepted = _github.GitAuthorization;
        _github.GitAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:another-token")); // revoked on the provider
        try
        {
            var response = await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId });
            var text = await response.Content.ReadAsStringAsync();
            var problem = await ProblemAsync(response, HttpStatusCode.Conflict);

            Assert.Contains(connectionId.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(accepted!["Basic ".Length..], text, StringComparison.Ordinal);
        }
        finally
        {
            _github.GitAuthorization = accepted;
        }
    }

    [Fact]
    public async Task APushToARemoteThatIsDown_Answers502()
    {
        using var client = await UserAsync("unreachable");
        var (sessionId, worktreeId, _, _) = await CommittedWorktreeAsync(client, "Unreachable");
        await _github.DisposeAsync(); // the provider is gone; the token is still valid, so only git's request fails

        var problem = await ProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId }), HttpStatusCode.BadGateway);

        Assert.Equal("The git remote could not be reached", problem.GetProperty("title").GetString());
        _github = await FakeProviderServer.StartAsync(); // for DisposeAsync
    }

    /// <summary>Plan 4.2 on the pull request a push opened: ready, merge, commits, task link, lists, and who sees it.</summary>
    [Fact]
    public async Task APushedPullRequest_IsMadeReady_Merged_Synced_Linked_Listed_AndSeenByEveryoneWhoRegisteredItsRepository()
    {
        using var client = await UserAsync("reviewer");
        var (sessionId, worktreeId, path, _) = await CommittedWorktreeAsync(client, "Ship it");
        var head = await Git("-C", path, "rev-parse", "HEAD");
        var pushed = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId }), HttpStatusCode.OK);
        var id = pushed.GetProperty("pullRequest").GetProperty("id").GetGuid();
        var repositoryId = pushed.GetProperty("pullRequest").GetProperty("repositoryId").GetGuid();

        var ready = await Json(await client.PatchAsJsonAsync($"/api/pull-requests/{id}", new { title = "Ship the login fix", draft = false }), HttpStatusCode.OK);
        Assert.Equal(("open", "Ship the login fix"), (ready.GetProperty("status").GetString(), ready.GetProperty("title").GetString()));
        Assert.Contains(_github.Requests, r => r.Path == "/api/graphql" && r.Body.Contains("markPullRequestReadyForReview", StringComparison.Ordinal));
        var invalid = await ProblemAsync(await client.PatchAsJsonAsync($"/api/pull-requests/{id}", new { state = "sideways" }), HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("state", out _));

        var listed = await Json(await client.GetAsync($"/api/repositories/{repositoryId}/pull-requests"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty((await Json(await client.GetAsync($"/api/repositories/{repositoryId}/pull-requests?status=merged"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await ProblemAsync(await client.GetAsync($"/api/repositories/{repositoryId}/pull-requests?limit=0"), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.GetAsync($"/api/repositories/{repositoryId}/pull-requests?cursor=not-a-cursor"), HttpStatusCode.BadRequest);

        var merged = await Json(await client.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "squash" }), HttpStatusCode.OK);
        Assert.Equal("merged", merged.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, merged.GetProperty("mergedAt").ValueKind);
        var mergeRequest = Assert.Single(_github.Requests, r => r is { Method: "PUT", Path: "/api/v3/repos/acme/web/pulls/1/merge" } || (r.Method == "PUT" && r.Path.EndsWith("/merge", StringComparison.Ordinal))).Json;
        Assert.Equal(("squash", head), (mergeRequest.GetProperty("merge_method").GetString(), mergeRequest.GetProperty("sha").GetString()));
        var refused = await ProblemAsync(await client.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "merge" }), HttpStatusCode.Conflict);
        Assert.Contains("not mergeable", refused.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await ProblemAsync(await client.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "octopus" }), HttpStatusCode.BadRequest);

        var synced = await Json(await client.PostAsync($"/api/pull-requests/{id}/sync-commits", null), HttpStatusCode.OK);
        Assert.Equal(1, synced.GetProperty("commits").GetInt32());
        var linked = await Json(await client.PostAsJsonAsync($"/api/pull-requests/{id}/link-task", new { kanbangerTaskId = "tsk_8f2a" }), HttpStatusCode.OK);
        Assert.Equal("tsk_8f2a", linked.GetProperty("kanbangerTaskId").GetString());
        var sessionList = await Json(await client.GetAsync($"/api/sessions/{sessionId}/pull-requests?status=merged"), HttpStatusCode.OK);
        Assert.Equal(id, Assert.Single(sessionList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());

        await using (var row = host.DataSource.CreateCommand("SELECT status, merged_at IS NOT NULL FROM pull_requests WHERE id = $1"))
        {
            row.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            await using var reader = await row.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(("merged", true), (reader.GetString(0), reader.GetBoolean(1)));
        }

        // Visibility follows registrations: another user who registered acme/web sees it, under their own repository.
        using var colleague = await UserAsync("colleague");
        var theirs = await Json(
            await colleague.PostAsJsonAsync("/api/repositories", new { name = "web too", remoteUrl = new Uri(_github.BaseUri, "acme/web.git").ToString(), provider = "github" }),
            HttpStatusCode.Created);
        var seen = await Json(await colleague.GetAsync($"/api/pull-requests/{id}"), HttpStatusCode.OK);
        Assert.Equal(theirs.GetProperty("id").GetGuid(), seen.GetProperty("repositoryId").GetGuid());
        Assert.Single((await Json(await colleague.GetAsync($"/api/repositories/{theirs.GetProperty("id").GetGuid()}/pull-requests"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        using var stranger = await UserAsync("outsider");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/pull-requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/pull-requests/{id}/merge", new { method = "merge" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/repositories/{repositoryId}/pull-requests")).StatusCode);
    }

    /// <summary>
    /// The provider made the pull request but its answer was lost (a 502 after the create): the call fails, and the retry
    /// finds the pull request that was made instead of opening a second, and announces it once.
    /// </summary>
    [Fact]
    public async Task APushRetriedAfterTheCreateAnswerWasLost_FindsThePullRequestItMade()
    {
        using var client = await UserAsync("retrier");
        var (sessionId, worktreeId, _, _) = await CommittedWorktreeAsync(client, "Lost answer");
        _pulls.LoseNextCreateAnswer = true;

        var failed = await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId });
        var retried = await Json(await client.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId }), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(1, _pulls.CreateRequests);
        Assert.Single(_pulls.Pulls);
        Assert.False(retried.GetProperty("created").GetBoolean());
        Assert.Equal(1, retried.GetProperty("pullRequest").GetProperty("number").GetInt32());
        await using var events = host.DataSource.CreateCommand("SELECT count(*) FROM session_events WHERE session_id = $1 AND kind = 'pr.created'");
        events.Parameters.Add(new Npgsql.NpgsqlParameter { Value = sessionId });
        Assert.Equal(1L, await events.ExecuteScalarAsync());
    }

    /// <summary>Worktrees requested at once on one repository, from two host processes sharing the work directory, each get their own branch, and the mirror stays sound.</summary>
    [Fact]
    public async Task ConcurrentWorktreesOnTwoHostProcesses_GetDistinctBranches_AndLeaveTheMirrorSound()
    {
        var (hostA, hostB) = await TwoHostProcessesAsync();
        await using var _ = hostA;
        await using var __ = hostB;
        var apiKey = await ApiKeyAsync("trees");
        using var a = Client(hostA, apiKey);
        using var b = Client(hostB, apiKey);
        var (_, sessionId) = await SessionAsync(a, "Same title");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { })));
        var worktrees = await Task.WhenAll(responses.Select(r => Json(r, HttpStatusCode.Created)));

        var branches = worktrees.Select(w => w.GetProperty("branch").GetString()!).ToArray();
        Assert.Equal(8, branches.Distinct().Count());
        Assert.All(branches, b => Assert.StartsWith($"bob/{sessionId:N}"[..12] + "/same-title", b, StringComparison.Ordinal));
        var mirror = Assert.Single(Directory.GetDirectories(Path.Combine(WorkDirectory, "mirrors")));
        await Git("--git-dir", mirror, "fsck", "--no-progress");
        Assert.Equal(9, (await Git("--git-dir", mirror, "worktree", "list")).Split('\n').Length); // the bare mirror and its eight worktrees
    }

    /// <summary><c>POST /api/pull-requests</c> for a head already on the remote: 201 with a new draft, then 200 with the same one.</summary>
    [Fact]
    public async Task CreatingAPullRequestForAHeadOnTheRemote_Is201_ThenTheSameOne200()
    {
        using var client = await UserAsync("creator");
        var (repositoryId, sessionId) = await SessionAsync(client, "Direct");
        var seed = Path.Combine(_temp, "direct");
        await Git("clone", "--quiet", Bare, seed);
        await Git("-C", seed, "checkout", "--quiet", "-b", "feature/direct");
        await File.WriteAllTextAsync(Path.Combine(seed, "direct.txt"), "direct\n");
        await Git("-C", seed, "add", ".");
        await Git("-C", seed, "-c", "user.name=Dev", "-c", "user.email=dev@example.org", "commit", "--quiet", "-m", "Direct change");
        await Git("-C", seed, "push", "--quiet", "origin", "feature/direct");
        var request = new { repositoryId, sessionId, headBranch = "feature/direct", baseBranch = "main", title = "Direct change", body = "From a branch pushed elsewhere." };

        var created = await Json(await client.PostAsJsonAsync("/api/pull-requests", request), HttpStatusCode.Created);
        var again = await Json(await client.PostAsJsonAsync("/api/pull-requests", request), HttpStatusCode.OK);

        Assert.Equal(created.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(("draft", "feature/direct", sessionId), (created.GetProperty("status").GetString(), created.GetProperty("headBranch").GetString(), created.GetProperty("sessionId").GetGuid()));
        Assert.Equal(1, _pulls.CreateRequests);
        var fetched = await Json(await client.GetAsync($"/api/pull-requests/{created.GetProperty("id").GetGuid()}"), HttpStatusCode.OK);
        Assert.Equal("From a branch pushed elsewhere.", fetched.GetProperty("body").GetString());
    }

    /// <summary>
    /// Fan-out across hosts: a client streaming a session's events from host B receives <c>pr.created</c> from a push through
    /// host A, then <c>pr.merged</c> from GitHub's webhook delivered to host A, each within a second of the write.
    /// </summary>
    [Fact]
    public async Task AClientOnHostB_ReceivesPrCreatedFromAPushAndPrMergedFromAWebhook_ThroughHostA()
    {
        var (hostA, hostB) = await TwoHostProcessesAsync(worker: true);
        await using var _ = hostA;
        await using var __ = hostB;
        var apiKey = await ApiKeyAsync("fan-out");
        using var a = Client(hostA, apiKey);
        using var b = Client(hostB, apiKey);
        var (_, sessionId) = await SessionAsync(a, "Across hosts");
        var worktree = await Json(await a.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
        var path = worktree.GetProperty("path").GetString()!;
        var branch = worktree.GetProperty("branch").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(path, "hosts.txt"), "a to b\n");
        await Git("-C", path, "add", ".");
        await Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Across hosts");

        using var events = await b.GetAsync($"/api/sessions/{sessionId}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        var body = await events.Content.ReadAsStreamAsync();
        // pr.created, the gate's task.skipped for a session without a task (plan 5.3), pr.merged; the last two in either order.
        var reading = SessionEventsTests.ReadEventsAsync(body, 3, TimeSpan.FromSeconds(60));

        var pushed = await Json(await a.PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }), HttpStatusCode.OK);
        var number = pushed.GetProperty("pullRequest").GetProperty("number").GetInt32();

        // GitHub reports the merge with a webhook to host A (webhooks withheld until now).
        using var webhook = ProviderDeliveries.GitHub("pull_request", _remote.MergedDelivery(number, branch, "Across hosts"));
        webhook.RequestUri = new Uri(hostA.BaseAddress, "api/webhooks/github");
        using var plain = new HttpClient();
        Assert.Equal(HttpStatusCode.Accepted, (await plain.SendAsync(webhook)).StatusCode);

        var received = (await reading).Where(e => e.Kind.StartsWith("pr.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(("pr.created", 1L), (received[0].Kind, received[0].Id));
        Assert.Equal(number, received[0].Data.GetProperty("number").GetInt32());
        Assert.Equal("pr.merged", Assert.Single(received[1..]).Kind);
    }
}
