using System.Net;
using System.Security.Cryptography;
using Bob.Git;
using Bob.Git.Abstractions;
using Bob.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bob.Testing;

/// <summary>
/// The hook lifecycle at package level (issue 23): a provider's real client against a fake provider that keeps hooks and
/// delivers through them (<see cref="FakeGitHubHooks"/>, <see cref="FakeGitLabHooks"/>, <see cref="FakeGiteaHooks"/>), the real
/// receiver and verifier cache, and in-memory stores. Deliveries reach the receiver as a host would hand them over.
/// </summary>
public sealed class HookHarness : IAsyncDisposable
{
    /// <summary>The remote's owner.</summary>
    public const string Owner = "acme";

    /// <summary>The remote's name.</summary>
    public const string Name = "web";

    /// <summary>The provider-wide secret, for hooks made by hand.</summary>
    public const string SharedSecret = "provider-wide-shared-secret";

    /// <summary>The host's public URL, which hooks deliver to.</summary>
    public static readonly Uri PublicBase = new("http://bob.test/");

    private HookHarness(GitProvider provider, string instanceUrl, ProviderTestHost host, InMemoryRepositoryStore repositories, InMemoryGitConnectionStore connections, InMemoryWebhookDeliveries deliveries, InMemoryRepositoryWebhookStore store, ShiftedClock clock, CapturingLoggerProvider logs)
    {
        Provider = provider;
        Host = host;
        Repositories = repositories;
        Connections = connections;
        Deliveries = deliveries;
        Store = store;
        Clock = clock;
        Logs = logs;
        Instance = GitInstance.Create(provider, instanceUrl);
        Remote = new RemoteRepositoryIdentity(Instance, Owner, Name);
    }

    /// <summary>The provider under test.</summary>
    public GitProvider Provider { get; }

    /// <summary>The fake provider and the services.</summary>
    public ProviderTestHost Host { get; }

    /// <summary>The registrations.</summary>
    public InMemoryRepositoryStore Repositories { get; }

    /// <summary>The connections.</summary>
    public InMemoryGitConnectionStore Connections { get; }

    /// <summary>The stored deliveries.</summary>
    public InMemoryWebhookDeliveries Deliveries { get; }

    /// <summary>The GitHub App installations.</summary>
    public InMemoryGitAppInstallationStore Installations { get; private init; } = null!;

    /// <summary>The hook rows.</summary>
    public InMemoryRepositoryWebhookStore Store { get; }

    /// <summary>The clock the services read (timers run on real time).</summary>
    public ShiftedClock Clock { get; }

    /// <summary>Everything the services logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>The provider instance (the fake).</summary>
    public GitInstance Instance { get; }

    /// <summary><c>acme/web</c> on it.</summary>
    public RemoteRepositoryIdentity Remote { get; }

    /// <summary>The service under test.</summary>
    public RepositoryWebhookService Service => Host.Services.GetRequiredService<RepositoryWebhookService>();

    /// <summary>Registers repositories (and makes their hooks).</summary>
    public RepositoryService Registrations => Host.Services.GetRequiredService<RepositoryService>();

    /// <summary>
    /// Starts the fake provider and the services: <paramref name="addProvider"/> registers the provider (its webhook source
    /// with <see cref="SharedSecret"/>); <paramref name="instanceUrl"/> names the instance on the fake's base URI;
    /// <paramref name="handler"/> answers the fake's requests; deliveries the fake sends reach the receiver through
    /// <see cref="ReceiveAsync"/>.
    /// </summary>
    public static async Task<HookHarness> StartAsync(GitProvider provider, Action<IBobGitBuilder> addProvider, Func<Uri, string> instanceUrl, Func<HookHarness, Func<RecordedRequest, FakeResponse?>> handler, Uri? publicBase = null)
    {
        ArgumentNullException.ThrowIfNull(addProvider);
        ArgumentNullException.ThrowIfNull(instanceUrl);
        ArgumentNullException.ThrowIfNull(handler);
        var repositories = new InMemoryRepositoryStore();
        var connections = new InMemoryGitConnectionStore();
        var deliveries = new InMemoryWebhookDeliveries();
        var store = new InMemoryRepositoryWebhookStore(deliveries.LastDeliveryOf);
        var installations = new InMemoryGitAppInstallationStore();
        var clock = new ShiftedClock();
        var logs = new CapturingLoggerProvider();
        var host = await ProviderTestHost.StartAsync(
            (git, _) => addProvider(git),
            services: services =>
            {
                services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<IRepositoryStore>(repositories);
                services.AddSingleton<IGitConnectionStore>(connections);
                services.AddSingleton<IRepositoryWebhookStore>(store);
                services.AddSingleton<IOAuthStateStore>(new InMemoryOAuthStateStore());
                services.AddSingleton<IGitAppInstallationStore>(installations);
                services.AddSingleton<IWebhookDeliveryStore>(deliveries);
                services.AddSingleton<IWebhookDeliveryQueue>(deliveries);
                services.AddBobVault(o => o.CurrentKey = new Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
                services.AddBobWebhooks();
                services.AddSingleton<IGitAccessTokenProvider, TokenPerConnection>();
                services.Configure<RepositoryWebhookOptions>(o => o.PublicBaseUrl = publicBase ?? PublicBase);
            },
            afterProviders: services => services.RemoveAll<IGitWebhookEventHandler>());

        // Deliveries are only stored here: the lifecycle is under test, not what a pull request event does.
        var harness = new HookHarness(provider, instanceUrl(host.Server.BaseUri), host, repositories, connections, deliveries, store, clock, logs) { Installations = installations };
        host.Server.Handler = handler(harness);
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

    /// <summary>Registers <c>acme/web</c> for the user with the connection.</summary>
    public Task<Repository> RegisterAsync(Guid user, Guid connection) =>
        Registrations.RegisterAsync(user, new RegisterRepository("web", $"{Instance.BaseUrl}/{Owner}/{Name}.git", ConnectionId: connection));

    /// <summary>Hands a delivery to the receiver as the sample host's route does, and answers with its status.</summary>
    public async Task<HttpResponseMessage> ReceiveAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        var receiver = Host.Services.GetRequiredService<WebhookReceiver>();
        var body = await message.Content!.ReadAsByteArrayAsync(cancellationToken);
        var headers = message.Headers.Concat(message.Content.Headers).Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)));
        var query = System.Web.HttpUtility.ParseQueryString(message.RequestUri!.Query);
        var receipt = await receiver.ReceiveAsync(
            new WebhookRequest(Provider.ToWireName(), headers, new MemoryStream(body), message.Content.Headers.ContentType?.ToString(), body.Length)
            {
                Query = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!),
            },
            cancellationToken);
        return new HttpResponseMessage((HttpStatusCode)receipt.StatusCode);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

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
            return factories.Single(f => f.Provider == connection.Instance.Provider).Create(connection.Instance, await GetAccessTokenAsync(userId, connectionId, repository, cancellationToken));
        }
    }
}

/// <summary>The system clock moved on by <see cref="Shift"/> (timers run on real time, so retries and delays still fire).</summary>
public sealed class ShiftedClock : TimeProvider
{
    /// <summary>How far ahead of the system clock it is.</summary>
    public TimeSpan Shift { get; set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}
