using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bob.Git.Tests.Connections;

/// <summary>
/// ensureValidAccessToken on real PostgreSQL against a fake Gitea token endpoint: concurrent callers in two separate
/// service containers (two hosts sharing one database) cause exactly one refresh; refusals and failures behave.
/// </summary>
public sealed class TokenRefreshTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const string ClientId = "gitea-oauth-client-id";
    private const string ClientSecret = "gitea-oauth-client-secret";
    private static readonly string VaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private FakeProviderServer _gitea = null!;
    private ServiceProvider _hostA = null!;
    private ServiceProvider _hostB = null!;
    private int _tokenRequests;
    private readonly CapturingLoggerProvider _logs = new();

    public async Task InitializeAsync()
    {
        _gitea = await FakeProviderServer.StartAsync();
        _hostA = Host();
        _hostB = Host();
    }

    public async Task DisposeAsync()
    {
        await _hostA.DisposeAsync();
        await _hostB.DisposeAsync();
        await _gitea.DisposeAsync();
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(VaultKey));
        services.AddBobGit()
            .ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true)
            .ConfigureHttp(o => { o.BaseDelay = TimeSpan.FromMilliseconds(5); o.AttemptTimeout = TimeSpan.FromSeconds(5); })
            .AddGitea(o => { o.BaseUrl = _gitea.BaseUri.ToString(); o.ClientId = ClientId; o.ClientSecret = new Secret(ClientSecret); });
        return services.BuildServiceProvider();
    }

    private GitInstance Instance => GitInstance.Create(GitProvider.Gitea, _gitea.BaseUri.ToString());

    private async Task<(Guid UserId, Guid ConnectionId)> ConnectionExpiringInAsync(TimeSpan lifetime, string refreshToken = "gitea-refresh-1")
    {
        var user = await _hostA.GetRequiredService<UserStore>().CreateAsync($"refresh-{Guid.NewGuid():N}", isAdmin: false);
        var connection = await _hostA.GetRequiredService<GitConnectionTokens>().SaveAsync(
            user.Id, Instance, "1", new TokenSet("gitea-access-old", refreshToken, DateTimeOffset.UtcNow + lifetime));
        return (user.Id, connection.Id);
    }

    private FakeResponse? TokenEndpoint(RecordedRequest request, Func<int, FakeResponse> answer) =>
        request is { Method: "POST", Path: "/login/oauth/access_token" } ? answer(Interlocked.Increment(ref _tokenRequests)) : null;

    private static readonly FakeResponse Refreshed = new(200, """{"access_token":"gitea-access-new","token_type":"bearer","expires_in":3600,"refresh_token":"gitea-refresh-2"}""", Delay: TimeSpan.FromMilliseconds(300));

    /// <summary>
    /// The refresh used to hold <c>SELECT … FOR UPDATE</c> and a pooled connection across the provider call, and every other
    /// caller held one more, blocked on the lock. Under a lease, waiters hold none while the provider takes its time.
    /// </summary>
    [Fact]
    public async Task FiftyConcurrentCallers_KeepAtMostAFewConnectionsBusy_WhileTheProviderIsSlow()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(2));
        _gitea.Handler = r => TokenEndpoint(r, _ => Refreshed with { Delay = TimeSpan.FromSeconds(2) });

        // Ten hosts (callers in one host already share one refresh in memory), five callers each.
        var hosts = Enumerable.Range(0, 10).Select(_ => Host()).ToArray();
        var callers = Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => hosts[i % hosts.Length].GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connectionId))));
        // Sample while the provider sits on the refresh request: the moments the old code held a connection per caller.
        // (Before the request arrives every host reads the row once; those short reads are not what this is about.)
        var busiest = 0L;
        var samples = 0;
        await using (var sampler = await database.DataSource.OpenConnectionAsync())
        {
            while (Volatile.Read(ref _tokenRequests) == 0 && !callers.IsCompleted)
            {
                await Task.Delay(10);
            }

            var window = System.Diagnostics.Stopwatch.StartNew();
            while (!callers.IsCompleted && window.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                samples++;
                await using var busy = new Npgsql.NpgsqlCommand(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')",
                    sampler);
                busiest = Math.Max(busiest, (long)(await busy.ExecuteScalarAsync())!);
                await Task.Delay(50);
            }
        }

        Assert.All(await callers, t => Assert.Equal("gitea-access-new", t));
        Assert.Equal(1, _tokenRequests);
        Assert.True(samples >= 5, $"only {samples} samples were taken while the provider was slow");
        // Waiting callers share one in-memory refresh per host, and a host only polls the lease in short statements: at most
        // one connection per host is ever busy (the row lock used to hold one per caller, 50 here).
        Assert.True(busiest <= hosts.Length, $"{busiest} connections were busy at once; at most one per host ({hosts.Length}) may be");
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task ALeaseLeftByACrashedRefresher_RunsOut_AndTheNextCallerRefreshes()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(2));
        _gitea.Handler = r => TokenEndpoint(r, _ => Refreshed);
        await using (var crashed = database.DataSource.CreateCommand(
            "UPDATE git_provider_connections SET refresh_lease_id = gen_random_uuid(), refresh_lease_until = now() + interval '1 second' WHERE id = @id"))
        {
            crashed.Parameters.AddWithValue("id", connectionId);
            Assert.Equal(1, await crashed.ExecuteNonQueryAsync());
        }

        var token = await _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connectionId);

        Assert.Equal("gitea-access-new", token);
        Assert.Equal(1, _tokenRequests);
    }

    [Fact]
    public async Task TwentyConcurrentCallersOnTwoHosts_CauseExactlyOneRefresh()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(2));
        _gitea.Handler = r => TokenEndpoint(r, _ => Refreshed);
        using var refreshesA = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(_hostA.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GitTelemetry.Name, "bob.git.token.refreshes");
        using var refreshesB = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(_hostB.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GitTelemetry.Name, "bob.git.token.refreshes");
        var a = _hostA.GetRequiredService<IGitAccessTokenProvider>();
        var b = _hostB.GetRequiredService<IGitAccessTokenProvider>();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).GetAccessTokenAsync(userId, connectionId))));

        Assert.All(tokens, t => Assert.Equal("gitea-access-new", t));
        Assert.Equal(1, _tokenRequests);
        Assert.Single(refreshesA.GetMeasurementSnapshot().Concat(refreshesB.GetMeasurementSnapshot()), m => m.Tags["bob.git.provider"] is "gitea" && m.Tags["bob.git.outcome"] is "refreshed");
        var form = System.Web.HttpUtility.ParseQueryString(Assert.Single(_gitea.Requests).Body);
        Assert.Equal(("refresh_token", "gitea-refresh-1", ClientId, ClientSecret), (form["grant_type"], form["refresh_token"], form["client_id"], form["client_secret"]));

        // The rotated refresh token is what is stored now, encrypted.
        var stored = await _hostB.GetRequiredService<GitConnectionTokens>().GetAsync(userId, connectionId);
        Assert.Equal(("gitea-access-new", "gitea-refresh-2"), (stored!.AccessToken, stored.RefreshToken));
        Assert.InRange(stored.AccessTokenExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task NoTokenOrSecret_IsLogged_ThroughRefreshesAndRefusals()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(1));
        var (otherUser, refused) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(1), "gitea-refresh-spent");
        _gitea.Handler = r => TokenEndpoint(r, _ => System.Web.HttpUtility.ParseQueryString(r.Body)["refresh_token"] == "gitea-refresh-spent"
            ? FakeResponse.Json(400, """{"error":"invalid_grant","error_description":"token is expired or has been used"}""")
            : Refreshed);
        var service = _hostA.GetRequiredService<IGitAccessTokenProvider>();

        await service.GetAccessTokenAsync(userId, connectionId);
        await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => service.GetAccessTokenAsync(otherUser, refused));

        Assert.Contains(_logs.Lines, l => l.Contains("Refreshed the tokens", StringComparison.Ordinal));
        Assert.Contains(_logs.Lines, l => l.Contains("must be authorized again", StringComparison.Ordinal));
        foreach (var secret in new[] { "gitea-access-old", "gitea-access-new", "gitea-refresh-1", "gitea-refresh-2", "gitea-refresh-spent", ClientSecret })
        {
            Assert.DoesNotContain(_logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ATokenFarFromExpiry_IsUsedWithoutARefresh()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(30));
        _gitea.Handler = r => TokenEndpoint(r, _ => Refreshed);

        Assert.Equal("gitea-access-old", await _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connectionId));
        Assert.Equal(0, _tokenRequests);
    }

    [Fact]
    public async Task InvalidGrant_MarksTheConnectionForReauthorization_ForEveryCaller()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(1));
        _gitea.Handler = r => TokenEndpoint(r, _ => FakeResponse.Json(400, """{"error":"invalid_grant","error_description":"token is expired or has been used"}"""));
        var service = _hostA.GetRequiredService<IGitAccessTokenProvider>();

        var failures = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => service.GetAccessTokenAsync(userId, connectionId))));
        var later = await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => _hostB.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connectionId));

        Assert.Equal(1, _tokenRequests);
        Assert.All(failures, f => Assert.Contains("invalid_grant", f.Message, StringComparison.Ordinal));
        Assert.Contains("invalid_grant", later.Message, StringComparison.Ordinal);
        Assert.All(failures.Append(later), f => Assert.DoesNotContain("gitea-refresh-1", f.ToString(), StringComparison.Ordinal));
        var connection = await _hostA.GetRequiredService<IGitConnectionStore>().GetAsync(userId, connectionId);
        Assert.True(connection!.RequiresReauthorization);
    }

    [Fact]
    public async Task ATokenEndpoint5xx_IsRetried()
    {
        var (userId, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(1));
        _gitea.Handler = r => TokenEndpoint(r, n => n == 1 ? FakeResponse.Json(502, """{"message":"bad gateway"}""") : Refreshed);

        Assert.Equal("gitea-access-new", await _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connectionId));
        Assert.Equal(2, _tokenRequests);
    }

    [Fact]
    public async Task AnExpiredTokenWithoutARefreshToken_NeedsReauthorization()
    {
        var user = await _hostA.GetRequiredService<UserStore>().CreateAsync($"refresh-{Guid.NewGuid():N}", isAdmin: false);
        var connection = await _hostA.GetRequiredService<GitConnectionTokens>().SaveAsync(user.Id, Instance, "1", new TokenSet("gitea-access-old", null, DateTimeOffset.UtcNow.AddMinutes(-1)));

        await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(user.Id, connection.Id));
        Assert.Equal(0, _tokenRequests);
    }

    [Fact]
    public async Task AnotherUsersConnection_IsNotFound()
    {
        var (_, connectionId) = await ConnectionExpiringInAsync(TimeSpan.FromMinutes(30));

        await Assert.ThrowsAsync<BobNotFoundException>(() => _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(Guid.NewGuid(), connectionId));
    }
}
