using System.Net;
using System.Net.Http.Json;
using System.Text;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 22 as a story on two sample host processes sharing one database: a user connects a GitHub App installation
/// (the fake GitHub Enterprise Server verifies every App JWT with the App's public key and accepts only live installation
/// tokens on its API and on git's smart HTTP), registers acme/web with it, and 20 concurrent pushes plus 20 connection
/// tests on both hosts, arriving when the first installation token is due for renewal, mint one new token between them.
/// No token appears in the hosts' logs, git's arguments, the database or the responses.
/// </summary>
public sealed class GitHubAppHostTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>, IAsyncLifetime
{
    private const long InstallationId = 9001;
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bob-app-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly FakeGitHubApp _app = new();
    private GitHubRemote _remote = null!;

    private string GitLog => Path.Combine(_temp, "git-arguments.log");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_temp);
        _remote = await GitHubRemote.StartAsync(_temp, "unused-personal-token");
        var server = _remote.Server;
        server.GitAuthorizes = header => header is not null && header.StartsWith("Basic ", StringComparison.Ordinal)
            && Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..])) is var pair
            && pair.StartsWith("x-access-token:", StringComparison.Ordinal)
            && _app.IsInstallationToken(pair["x-access-token:".Length..], InstallationId);
        server.Handler = r => _app.Handle(r)
            ?? (_app.IsInstallationToken(r.Header("Authorization")?.Replace("Bearer ", "", StringComparison.Ordinal), InstallationId)
                ? _remote.Pulls.Handle(r)
                : FakeResponse.Json(401, """{"message":"Bad credentials"}"""));
        _app.Install(InstallationId, "acme", "octocat", "acme/web");
    }

    public async Task DisposeAsync()
    {
        await _remote.DisposeAsync();
        _app.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private async Task<(RunningHost A, RunningHost B)> TwoHostProcessesAsync()
    {
        var wrapper = Path.Combine(_temp, "git-wrapper.sh");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{GitLog}'\nexec git \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var key = Path.Combine(_temp, "app-key.pem");
        await File.WriteAllTextAsync(key, _app.PrivateKeyPem);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var settings = new Dictionary<string, string?>
        {
            ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Security__AllowPrivateNetworkInstances"] = "true",
            ["Git__WorkDirectory"] = Path.Combine(_temp, "work"),
            ["Git__Executable"] = wrapper,
            ["Webhooks__Worker__Enabled"] = "false",
            ["Host__PublicBaseUrl"] = "https://bob.example.org/",
            ["Providers__GitHub__ApiBaseUrl"] = _remote.BaseUri + "api/v3/",
            ["Providers__GitHub__App__ClientId"] = _app.ClientId,
            ["Providers__GitHub__App__ClientSecret"] = _app.ClientSecret,
            ["Providers__GitHub__App__Slug"] = _app.Slug,
            ["Providers__GitHub__App__PrivateKeyPath"] = key,
            ["Logging__LogLevel__Default"] = "Debug",
        };
        return (await RunningHost.StartAsync(host.ConnectionString, settings), await RunningHost.StartAsync(host.ConnectionString, settings));
    }

    /// <summary>Every row of every table of Bob's schema, as text: what a dump of the database holds.</summary>
    private async Task<string> DatabaseAsTextAsync()
    {
        var tables = new List<string>();
        await using (var list = host.DataSource.CreateCommand("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'bob' AND table_type = 'BASE TABLE'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("bob.github_app_installations", tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = host.DataSource.CreateCommand($"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t");
            text.Append(await rows.ExecuteScalarAsync()).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public async Task TwoHostProcesses_TwentyConcurrentPushesAndApiCalls_RenewTheInstallationTokenOnce()
    {
        var (hostA, hostB) = await TwoHostProcessesAsync();
        await using var _ = hostA;
        await using var __ = hostB;
        var (_, apiKey) = await ReviewLoopHosts.UserAsync(host.DataSource);
        using var a = ReviewLoopHosts.Client(hostA, apiKey);
        using var b = ReviewLoopHosts.Client(hostB, apiKey);

        // Connect: the first token is minted at completion and lives 5 minutes and 4 seconds, so it is due 4 seconds later.
        _app.InstallationTokenLifetime = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(4);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hostA.BaseAddress };
        noRedirects.DefaultRequestHeaders.Authorization = a.DefaultRequestHeaders.Authorization;
        var install = await noRedirects.GetAsync("/api/connections/github-app/install");
        Assert.Equal(HttpStatusCode.Redirect, install.StatusCode);
        var state = System.Web.HttpUtility.ParseQueryString(install.Headers.Location!.Query)["state"];
        var connection = await SessionPushTests.Json(await a.PostAsJsonAsync("/api/connections/github-app/complete", new { code = _app.IssueCode("octocat"), state, installationId = InstallationId }), HttpStatusCode.Created);
        var connectionId = connection.GetProperty("id").GetGuid();
        Assert.Equal(1, _app.Mints(InstallationId));
        _app.InstallationTokenLifetime = TimeSpan.FromHours(1);
        _app.MintDelay = TimeSpan.FromMilliseconds(700); // GitHub takes its time, so callers on both hosts overlap the mint

        var repository = (await SessionPushTests.Json(await a.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = _remote.RemoteUrl, connectionId }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var sessionId = (await SessionPushTests.Json(await a.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title = "Installation token race" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var worktree = await SessionPushTests.Json(await a.PostAsJsonAsync($"/api/sessions/{sessionId}/worktrees", new { }), HttpStatusCode.Created);
        var path = worktree.GetProperty("path").GetString()!;
        await File.WriteAllTextAsync(Path.Combine(path, "race.txt"), "one\n");
        await GitHubRemote.Git("-C", path, "add", ".");
        await GitHubRemote.Git("-C", path, "-c", "user.name=Agent", "-c", "user.email=agent@example.org", "commit", "--quiet", "-m", "Race");
        Assert.Equal(1, _app.Mints(InstallationId)); // registering and cloning reused the first token

        await Task.Delay(TimeSpan.FromSeconds(5)); // the first token is now within 5 minutes of expiry
        var pushes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).PostAsJsonAsync($"/api/sessions/{sessionId}/push", new { worktreeId = worktree.GetProperty("id").GetGuid() }));
        var tests = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? b : a).PostAsync($"/api/connections/{connectionId}/test", null));
        var responses = await Task.WhenAll(pushes.Concat(tests));
        var bodies = await Task.WhenAll(responses.Select(r => SessionPushTests.Json(r, HttpStatusCode.OK)));

        Assert.Equal(2, _app.Mints(InstallationId));
        Assert.Equal(0, _app.RefusedJwts);
        Assert.Equal(1, _remote.Pulls.CreateRequests);
        Assert.Single(bodies.Take(20).Select(x => x.GetProperty("pullRequest").GetProperty("id").GetGuid()).Distinct());
        Assert.All(bodies.Skip(20), x => Assert.Equal("active", x.GetProperty("installation").GetProperty("status").GetString()));
        Assert.Equal(await GitHubRemote.Git("-C", path, "rev-parse", "HEAD"), await GitHubRemote.Git("--git-dir", _remote.Bare, "rev-parse", $"refs/heads/{worktree.GetProperty("branch").GetString()}"));

        // No token, JWT or secret in the hosts' logs, git's arguments, the work directory's files, any row of the database
        // (every table, as text) or any response.
        var logs = await hostA.StopAndReadLogAsync() + await hostB.StopAndReadLogAsync();
        var arguments = await File.ReadAllTextAsync(GitLog);
        var files = string.Join('\n', Directory.EnumerateFiles(Path.Combine(_temp, "work"), "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length < 1_000_000).Select(f => File.ReadAllText(f)));
        var responsesText = string.Join('\n', bodies.Select(x => x.GetRawText()));
        var database = await DatabaseAsTextAsync();
        Assert.Contains("Minted an installation token", logs, StringComparison.Ordinal);
        Assert.NotEmpty(_app.Jwts);
        foreach (var secret in _app.Secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, arguments, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, files, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, responsesText, StringComparison.Ordinal);
        }
    }
}
