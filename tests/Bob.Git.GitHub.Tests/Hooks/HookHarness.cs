using System.Net;
using System.Security.Cryptography;
using Bob.Git.Abstractions;
using Bob.Testing;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bob.Git.GitHub.Tests.Hooks;

/// <summary>
/// The hook lifecycle at package level: the real GitHub client against a fake GitHub that keeps hooks and delivers through
/// them (<see cref="FakeGitHubHooks"/>), the real receiver and verifier cache, and in-memory stores. Deliveries reach the
/// receiver as a host would hand them over.
/// </summary>
internal sealed class HookHarness : IAsyncDisposable
{
    public const string Owner = "acme";
    public const string Name = "web";
    public const string SharedSecret = "provider-wide-shared-secret";
    public static readonly Uri PublicBase = new("http://bob.test/");

    private HookHarness(ProviderTestHost host, FakeGitHubHooks hooks, InMemoryRepositoryStore repositories, InMemoryGitConnectionStore connections, InMemoryWebhookDeliveries deliveries, InMemoryRepositoryWebhookStore store, ShiftedClock clock, CapturingLoggerProvider logs)
    {
        Host = host;
        Hooks = hooks;
        Repositories = repositories;
        Connections = connections;
        Deliveries = deliveries;
        Store = store;
        Clock = clock;
        Logs = logs;
        Instance = GitInstance.Create(GitProvider.GitHub, host.Server.BaseUri.ToString());
        Remote = new RemoteRepositoryIdentity(Instance, Owner, Name);
    }

    public ProviderTestHost Host { get; }

    public FakeGitHubHooks Hooks { get; }

    public InMemoryRepositoryStore Repositories { get; }

    public InMemoryGitConnectionStore Connections { get; }

    public InMemoryWebhookDeliveries Deliveries { get; }

    public InMemoryRepositoryWebhookStore Store { get; }

    public ShiftedClock Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public GitInstance Instance { get; }

    public RemoteRepositoryIdentity Remote { get; }

    public RepositoryWebhookService Service => Host.Services.GetRequiredService<RepositoryWebhookService>();

    public RepositoryService Registrations => Host.Services.GetRequiredService<RepositoryService>();

    public static async Task<HookHarness> StartAsync(Uri? publicBase = null)
    {
        var repositories = new InMemoryRepositoryStore();
        var connections = new InMemoryGitConnectionStore();
        var deliveries = new InMemoryWebhookDeliveries();
        var store = new InMemoryRepositoryWebhookStore(deliveries.LastDeliveryOf);
        var clock = new ShiftedClock();
        var logs = new CapturingLoggerProvider();
        var hooks = new FakeGitHubHooks(Owner, Name);
        var host = await ProviderTestHost.StartAsync(
            (git, _) => git.AddGitHub(configureWebhook: s => s.Secret = new Secret(SharedSecret)),
            services: services =>
            {
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<IRepositoryStore>(repositories);
                services.AddSingleton<IGitConnectionStore>(connections);
                services.AddSingleton<IRepositoryWebhookStore>(store);
                services.AddSingleton<IOAuthStateStore>(new InMemoryOAuthStateStore());
                services.AddSingleton<IGitAppInstallationStore>(new InMemoryGitAppInstallationStore());
                services.AddSingleton<IWebhookDeliveryStore>(deliveries);
                services.AddSingleton<IWebhookDeliveryQueue>(deliveries);
                services.AddBobVault(o => o.CurrentKey = new Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
                services.AddBobWebhooks();
                services.AddSingleton<IGitAccessTokenProvider, TokenPerConnection>();
                services.Configure<RepositoryWebhookOptions>(o => o.PublicBaseUrl = publicBase ?? PublicBase);
            },
            afterProviders: services => services.RemoveAll<IGitWebhookEventHandler>());

        // Deliveries are only stored here: the lifecycle is under test, not what a pull request event does.
        var harness = new HookHarness(host, hooks, repositories, connections, deliveries, store, clock, logs);
        host.Server.Handler = request => hooks.Handle(request);
        hooks.Send = harness.ReceiveAsync;
        return harness;
    }

    /// <summary>A user with a token connection to the instance, as the connections store keeps it.</summary>
    public async Task<(Guid User, Guid Connection)> UserAsync()
    {
        var user = Guid.NewGuid();
        var connection = await Connections.GetOrNewIdAsync(user, Instance, "acct-" + user.ToString("N")[..6]);
        await Connections.SaveAsync(connection, user, Instance, "acct-" + user.ToString("N")[..6], new ProtectedTokenSet(new EncryptedToken("c", "i", "t", "k"), null, null, null, "repo"));
        Repositories.AddConnection(user, connection);
        return (user, connection);
    }

    public Task<Repository> RegisterAsync(Guid user, Guid connection) =>
        Registrations.RegisterAsync(user, new RegisterRepository("web", $"{Host.Server.BaseUri}{Owner}/{Name}.git", ConnectionId: connection));

    /// <summary>Hands a delivery to the receiver as the sample host's route does, and answers with its status.</summary>
    public async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var receiver = Host.Services.GetRequiredService<WebhookReceiver>();
        var body = await message.Content!.ReadAsByteArrayAsync(cancellationToken);
        var headers = message.Headers.Concat(message.Content.Headers).Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)));
        var query = System.Web.HttpUtility.ParseQueryString(message.RequestUri!.Query);
        var receipt = await receiver.ReceiveAsync(
            new WebhookRequest("github", headers, new MemoryStream(body), message.Content.Headers.ContentType?.ToString(), body.Length)
            {
                Query = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!),
            },
            cancellationToken);
        return new HttpResponseMessage((HttpStatusCode)receipt.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await Hooks.PingsSentAsync();
        await Host.DisposeAsync();
    }

    /// <summary>Creates a client of the instance for any connection (the fake accepts any token).</summary>
    private sealed class TokenPerConnection(IEnumerable<IGitProviderClientFactory> factories, IGitConnectionStore connections) : IGitAccessTokenProvider
    {
        public Task<string> GetAccessTokenAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default) =>
            Task.FromResult("token-" + connectionId.ToString("N")[..8]);

        public Task<string> GetUserAccessTokenAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default) =>
            GetAccessTokenAsync(userId, connectionId, null, cancellationToken);

        public async Task<IGitProviderClient> CreateClientAsync(Guid userId, Guid connectionId, RemoteRepositoryIdentity? repository = null, CancellationToken cancellationToken = default)
        {
            var connection = await connections.GetAsync(userId, connectionId, cancellationToken) ?? throw BobNotFoundException.ForConnection(connectionId);
            return factories.Single(f => f.Provider == GitProvider.GitHub).Create(connection.Instance, await GetAccessTokenAsync(userId, connectionId, repository, cancellationToken));
        }
    }
}

/// <summary>The system clock moved on by <see cref="Shift"/> (timers run on real time, so retries and delays still fire).</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
