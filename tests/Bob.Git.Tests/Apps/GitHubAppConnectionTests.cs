using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Apps;

/// <summary>
/// Issue 22 on real PostgreSQL against a fake GitHub Enterprise Server (<see cref="FakeGitHubApp"/>) that verifies each App
/// JWT with the App's public key: installation tokens minted once across two service containers (two hosts sharing one
/// database) and renewed once before expiry, the install flow's forged installation refused, the user's App token refreshed
/// with rotation, and uninstalled or suspended installations answered with what to do.
/// </summary>
public abstract class GitHubAppConnectionTests(PostgresDatabase database, bool cloud) : IAsyncLifetime
{
    // Unique per test: installations on github.com outlive a test in the class's database, and an uninstall is final.
    private readonly long InstallationId = Random.Shared.NextInt64(1, 1_000_000_000);
    private static readonly string VaultKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly FakeGitHubApp _app = new() { ApiPrefix = cloud ? "" : "/api/v3" };
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CapturingLoggerProvider _logs = new();
    private FakeProviderServer _github = null!;
    private ServiceProvider _hostA = null!;
    private ServiceProvider _hostB = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeProviderServer.StartAsync();
        _github.Handler = _app.Handle;
        _app.Now = _time.GetUtcNow;
        _hostA = Host();
        _hostB = Host();
    }

    public async Task DisposeAsync()
    {
        await _hostA.DisposeAsync();
        await _hostB.DisposeAsync();
        await _github.DisposeAsync();
        _app.Dispose();
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddSingleton<TimeProvider>(_time);
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Secret(VaultKey));
        services.AddBobGit()
            .ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true)
            .ConfigureHttp(o => { o.BaseDelay = TimeSpan.FromMilliseconds(5); o.AttemptTimeout = TimeSpan.FromSeconds(10); })
            .AddGitHub(o =>
            {
                o.ApiBaseUrl = cloud ? _github.BaseUri.ToString() : _github.BaseUri + "api/v3/"; // github.com's API at an alternative address, or an Enterprise Server
                o.App.ClientId = _app.ClientId;
                o.App.ClientSecret = new Secret(_app.ClientSecret);
                o.App.Slug = _app.Slug;
                o.App.PrivateKey = new Secret(_app.PrivateKeyPem);
            });
        return services.BuildServiceProvider();
    }

    private GitInstance Instance => cloud ? GitInstance.GitHubCom : GitInstance.Create(GitProvider.GitHub, _github.BaseUri.ToString());

    private string? InstanceUrl => cloud ? null : Instance.BaseUrl;

    private async Task<Guid> UserAsync() =>
        (await _hostA.GetRequiredService<UserStore>().CreateAsync($"app-{Guid.NewGuid():N}", isAdmin: false)).Id;

    /// <summary>Installs the App (the fake) on acme with acme/web, and completes the flow as <paramref name="login"/>.</summary>
    private async Task<(Guid UserId, GitConnection Connection)> ConnectAsync(string login = "octocat")
    {
        var installationId = InstallationId;
        if (!_app.Installations.ContainsKey(installationId))
        {
            _app.Install(installationId, "acme", login, "acme/web");
        }

        var userId = await UserAsync();
        var apps = _hostA.GetRequiredService<GitAppConnectionService>();
        var install = await apps.StartInstallAsync(userId, GitProvider.GitHub, InstanceUrl, new Uri("https://bob.example/api/connections/github-app/setup"));
        var state = System.Web.HttpUtility.ParseQueryString(install.Query)["state"]!;
        var connection = await apps.CompleteInstallAsync(userId, GitProvider.GitHub, state, _app.IssueCode(login), installationId);
        return (userId, connection);
    }

    [Fact]
    public async Task Install_RedirectsToTheAppsInstallPage_WithAStateBoundToTheUser()
    {
        var userId = await UserAsync();

        var install = await _hostA.GetRequiredService<GitAppConnectionService>().StartInstallAsync(userId, GitProvider.GitHub, InstanceUrl, new Uri("https://bob.example/setup"));

        Assert.Equal($"{_github.BaseUri}apps/{_app.Slug}/installations/new", install.GetLeftPart(UriPartial.Path));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", System.Web.HttpUtility.ParseQueryString(install.Query)["state"]!);
    }

    [Fact]
    public async Task Complete_StoresAGitHubAppConnection_WithItsInstallationAndRepositories_AndMintsItsFirstToken()
    {
        var (userId, connection) = await ConnectAsync();

        Assert.Equal("github-app", connection.Kind);
        var installation = await _hostA.GetRequiredService<GitAppConnectionService>().GetInstallationAsync(connection);
        Assert.NotNull(installation);
        Assert.Equal((InstallationId, "acme", false), (installation.InstallationId, installation.Account, installation.AllRepositories));
        Assert.Equal(["acme/web"], installation.Repositories);
        Assert.Equal(1, _app.Mints(InstallationId));
        Assert.Equal(0, _app.RefusedJwts);

        // The git and API token of the connection is the installation's; the user's own token is the App authorization.
        var tokens = _hostA.GetRequiredService<IGitAccessTokenProvider>();
        Assert.True(_app.IsInstallationToken(await tokens.GetAccessTokenAsync(userId, connection.Id, new RemoteRepositoryIdentity(Instance, "acme", "web")), InstallationId));
        Assert.StartsWith("ghu_", await tokens.GetUserAccessTokenAsync(userId, connection.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_WithAnInstallationTheUserCannotSee_IsForbidden_AndStoresNothing()
    {
        _app.Install(InstallationId, "acme", "octocat", "acme/web");
        _app.Install(777, "victim-org", "someone-else", "victim-org/secrets");
        var userId = await UserAsync();
        var apps = _hostA.GetRequiredService<GitAppConnectionService>();
        var install = await apps.StartInstallAsync(userId, GitProvider.GitHub, InstanceUrl, new Uri("https://bob.example/setup"));
        var state = System.Web.HttpUtility.ParseQueryString(install.Query)["state"]!;

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => apps.CompleteInstallAsync(userId, GitProvider.GitHub, state, _app.IssueCode("octocat"), 777));

        Assert.Equal(BobErrorKind.Forbidden, ex.Kind);
        Assert.Empty(await _hostA.GetRequiredService<IGitConnectionStore>().ListAsync(userId));
        Assert.Equal(0, _app.Mints(777));
    }

    [Fact]
    public async Task Complete_WithAUsedState_OrAnotherUsersState_IsAStateError()
    {
        var (_, _) = await ConnectAsync();
        var owner = await UserAsync();
        var other = await UserAsync();
        var apps = _hostA.GetRequiredService<GitAppConnectionService>();
        var install = await apps.StartInstallAsync(owner, GitProvider.GitHub, InstanceUrl, new Uri("https://bob.example/setup"));
        var state = System.Web.HttpUtility.ParseQueryString(install.Query)["state"]!;

        var stolen = await Assert.ThrowsAsync<BobValidationException>(() => apps.CompleteInstallAsync(other, GitProvider.GitHub, state, _app.IssueCode("octocat"), InstallationId));
        await apps.CompleteInstallAsync(owner, GitProvider.GitHub, state, _app.IssueCode("octocat"), InstallationId);
        var used = await Assert.ThrowsAsync<BobValidationException>(() => apps.CompleteInstallAsync(owner, GitProvider.GitHub, state, _app.IssueCode("octocat"), InstallationId));

        Assert.Equal(BobValidationException.StateField, stolen.Field);
        Assert.Equal(BobValidationException.StateField, used.Field);
    }

    [Fact]
    public async Task TwoHosts_TwentyConcurrentCallersEach_MintOneInstallationToken_AndRenewalBeforeExpiry_MintsOneMore()
    {
        var (userId, connection) = await ConnectAsync();
        var web = new RemoteRepositoryIdentity(Instance, "acme", "web");
        _time.Advance(TimeSpan.FromMinutes(56)); // the first token (1 hour) is now within 5 minutes of expiry
        _app.MintDelay = TimeSpan.FromMilliseconds(500); // callers on both hosts overlap the mint

        var tokens = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _hostA : _hostB).GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web))));

        Assert.Equal(2, _app.Mints(InstallationId)); // the first at connecting, one renewal for all 40 callers
        Assert.Single(tokens.Distinct());
        Assert.True(_app.IsInstallationToken(tokens[0], InstallationId));
        Assert.Equal(0, _app.RefusedJwts);

        // Fresh for another 55 minutes: nobody mints again.
        _time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(tokens[0], await _hostB.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web));
        Assert.Equal(2, _app.Mints(InstallationId));
    }

    [Fact]
    public async Task TheUsersAppToken_IsRefreshedWithRotation_AndAReusedRefreshToken_AsksToAuthorizeAgain()
    {
        _app.UserTokenLifetime = TimeSpan.FromMinutes(10);
        var (userId, connection) = await ConnectAsync();
        var tokens = _hostA.GetRequiredService<IGitAccessTokenProvider>();
        var first = await tokens.GetUserAccessTokenAsync(userId, connection.Id);
        _time.Advance(TimeSpan.FromMinutes(6));

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _hostA : _hostB).GetRequiredService<IGitAccessTokenProvider>().GetUserAccessTokenAsync(userId, connection.Id))));

        Assert.Equal(1, _app.Refreshes);
        Assert.Single(concurrent.Distinct());
        Assert.NotEqual(first, concurrent[0]);

        // GitHub refuses a refresh token used twice: the fake has spent the stored one, as if another client used it.
        var stored = await _hostA.GetRequiredService<GitConnectionTokens>().GetAsync(userId, connection.Id);
        Assert.True(_app.Spend(stored!.RefreshToken!));
        _time.Advance(TimeSpan.FromMinutes(6));
        var ex = await Assert.ThrowsAsync<GitConnectionReauthorizationRequiredException>(() => tokens.GetUserAccessTokenAsync(userId, connection.Id));
        Assert.Contains("bad_refresh_token", ex.Message, StringComparison.Ordinal);
        Assert.True((await _hostA.GetRequiredService<IGitConnectionStore>().GetAsync(userId, connection.Id))!.RequiresReauthorization);
    }

    [Fact]
    public async Task AnUninstalledInstallation_IsRecorded_AndEveryCallAfterSaysToInstallAgain()
    {
        var (userId, connection) = await ConnectAsync();
        _app.Installations[InstallationId].Deleted = true;
        _time.Advance(TimeSpan.FromMinutes(56));
        var web = new RemoteRepositoryIdentity(Instance, "acme", "web");

        var first = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web));
        var mintsAfterFirst = _app.Mints(InstallationId);
        var second = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _hostB.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web));

        Assert.Equal(("deleted", BobErrorKind.Conflict), (first.Reason, first.Kind));
        Assert.Contains("install the App on acme again", first.Message, StringComparison.Ordinal);
        Assert.Equal("deleted", second.Reason);
        Assert.Equal(mintsAfterFirst, _app.Mints(InstallationId)); // recorded: the second host does not ask GitHub again
    }

    [Fact]
    public async Task ARepositoryTheInstallationDoesNotCover_IsAConflictNamingIt_AndRegisteringItIsRefused()
    {
        var (userId, connection) = await ConnectAsync();
        var other = new RemoteRepositoryIdentity(Instance, "acme", "api");

        var use = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, other));
        var register = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _hostA.GetRequiredService<RepositoryService>().RegisterAsync(
            userId, new RegisterRepository("api", $"{Instance.BaseUrl}/acme/api.git", null, connection.Id)));

        Assert.Equal("not-covered", use.Reason);
        Assert.Contains("acme/api", use.Message, StringComparison.Ordinal);
        Assert.Equal("not-covered", register.Reason);

        // Added on GitHub since (no delivery yet): registering asks GitHub which installation covers it, and succeeds.
        _app.Installations[InstallationId].Repositories.Add("acme/api");
        var registered = await _hostA.GetRequiredService<RepositoryService>().RegisterAsync(userId, new RegisterRepository("api", $"{Instance.BaseUrl}/acme/api.git", null, connection.Id));
        Assert.Equal(connection.Id, registered.ConnectionId);
    }

    private GitAppInstallationEvent Delivery(string action, DateTimeOffset? updatedAt = null, DateTimeOffset? suspendedAt = null, string[]? added = null, string[]? removed = null) =>
        new(Instance, InstallationId, action, "acme", false, suspendedAt, updatedAt, null, added ?? [], removed ?? []);

    [Fact]
    public async Task InstallationDeliveries_SuspendOutOfOrder_RemoveARepository_AndUninstall_AnswerWhatToDo()
    {
        var (userId, connection) = await ConnectAsync();
        var handler = _hostA.GetServices<IGitAppInstallationEventHandler>().Single();
        var tokens = _hostA.GetRequiredService<IGitAccessTokenProvider>();
        var web = new RemoteRepositoryIdentity(Instance, "acme", "web");
        var t0 = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        // unsuspend (t0 + 1 min) arrives before the suspend it follows (t0): the older delivery changes nothing.
        await handler.HandleAsync(Delivery("unsuspend", t0.AddMinutes(1)));
        await handler.HandleAsync(Delivery("suspend", t0, suspendedAt: t0));
        Assert.True(_app.IsInstallationToken(await tokens.GetAccessTokenAsync(userId, connection.Id, web), InstallationId));

        await handler.HandleAsync(Delivery("suspend", t0.AddMinutes(2), suspendedAt: t0.AddMinutes(2)));
        var suspended = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => tokens.GetAccessTokenAsync(userId, connection.Id, web));
        Assert.Equal("suspended", suspended.Reason);
        Assert.Contains("must unsuspend it", suspended.Message, StringComparison.Ordinal);

        await handler.HandleAsync(Delivery("unsuspend", t0.AddMinutes(3)));
        await handler.HandleAsync(Delivery("removed", t0.AddMinutes(3), removed: ["acme/web"]));
        var removedRepository = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => tokens.GetAccessTokenAsync(userId, connection.Id, web));
        Assert.Equal("not-covered", removedRepository.Reason);
        Assert.Contains("install the App on acme/web", removedRepository.Message, StringComparison.Ordinal);

        await handler.HandleAsync(Delivery("added", t0.AddMinutes(4), added: ["acme/web"]));
        await handler.HandleAsync(Delivery("deleted"));
        await handler.HandleAsync(Delivery("deleted")); // a repeat changes nothing
        await handler.HandleAsync(Delivery("created", t0.AddMinutes(5))); // a late created never lifts the uninstall
        var deleted = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => tokens.GetAccessTokenAsync(userId, connection.Id, web));
        Assert.Equal("deleted", deleted.Reason);
        Assert.Null(await _hostA.GetRequiredService<IGitAppInstallationStore>().GetTokenAsync(connection.AppInstallationId!.Value)); // erased
    }

    [Fact]
    public async Task ASuspendedInstallation_IsConnectedAllTheSame_AndItsOperationsSayToUnsuspendIt()
    {
        _app.Install(InstallationId, "acme", "octocat", "acme/web").Suspended = true;

        var (userId, connection) = await ConnectAsync();

        var installation = await _hostA.GetRequiredService<GitAppConnectionService>().GetInstallationAsync(connection);
        Assert.NotNull(installation?.SuspendedAt);
        var ex = await Assert.ThrowsAsync<GitAppInstallationUnavailableException>(() => _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id));
        Assert.Equal("suspended", ex.Reason);
        Assert.Equal(0, _app.Mints(InstallationId));
    }

    [Fact]
    public async Task NewPermissionsAccepted_ErasesTheToken_SoTheNextCallerMintsOneWithThem()
    {
        var (userId, connection) = await ConnectAsync();
        var web = new RemoteRepositoryIdentity(Instance, "acme", "web");
        var before = await _hostA.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web);

        await _hostA.GetServices<IGitAppInstallationEventHandler>().Single().HandleAsync(Delivery("new_permissions_accepted"));
        var after = await _hostB.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id, web);

        Assert.NotEqual(before, after);
        Assert.Equal(2, _app.Mints(InstallationId));
    }

    [Fact]
    public async Task NoTokenOrKey_AppearsInTheLogs()
    {
        var (userId, connection) = await ConnectAsync();
        _time.Advance(TimeSpan.FromMinutes(56));
        await _hostB.GetRequiredService<IGitAccessTokenProvider>().GetAccessTokenAsync(userId, connection.Id);

        var logs = string.Join('\n', _logs.Lines);
        Assert.Contains("Minted an installation token", logs, StringComparison.Ordinal);
        foreach (var secret in _app.InstallationTokens.Concat(_app.UserTokens).Append(_app.ClientSecret))
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("PRIVATE" + " KEY", logs, StringComparison.Ordinal);
    }
}

/// <summary>The App tests against a GitHub Enterprise Server stand-in (<c>/api/v3</c>).</summary>
public sealed class GitHubAppEnterpriseServerTests(PostgresDatabase database) : GitHubAppConnectionTests(database, cloud: false), IClassFixture<PostgresDatabase>;

/// <summary>The App tests against github.com's shape: the API at the root of another address than the web instance.</summary>
public sealed class GitHubAppGitHubComTests(PostgresDatabase database) : GitHubAppConnectionTests(database, cloud: true), IClassFixture<PostgresDatabase>;
