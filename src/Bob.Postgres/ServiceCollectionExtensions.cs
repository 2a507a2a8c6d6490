using Bob.Git.Abstractions;
using Bob.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the suite's PostgreSQL stores.</summary>
public static class BobPostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers Bob's own <see cref="NpgsqlDataSource"/> (keyed <see cref="BobPostgresOptions.DataSourceKey"/>, so a host's
    /// unkeyed data source stays the host's, with its own settings), the <see cref="DatabaseMigrator"/> (run at host
    /// start unless <see cref="BobPostgresOptions.MigrateOnStart"/> is off) and the stores
    /// (<see cref="IRepositoryStore"/>, <see cref="IGitConnectionStore"/>, <see cref="IOAuthStateStore"/>, <see cref="UserStore"/>, <see cref="ApiKeyStore"/>).
    /// Options are validated when the host starts. Calling it twice is harmless.
    /// </summary>
    public static IBobPostgresBuilder AddBobPostgres(this IServiceCollection services, Action<BobPostgresOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<BobPostgresOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<BobPostgresOptions>, Bob.Postgres.Internal.BobPostgresOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // Keyed: Bob's own data source, beside any the host registers (whose settings Bob never touches).
        services.TryAddKeyedSingleton(BobPostgresOptions.DataSourceKey, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<BobPostgresOptions>>().Value;
            var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);

            // Every name Bob uses resolves in its own schema alone, whatever the connection string or the role's default says.
            builder.ConnectionStringBuilder.SearchPath = options.Schema;

            // The stores run a small set of statements very often; prepared, they skip planning (unless the connection string says otherwise).
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
            }

            // Resetting a pooled connection costs a statement on every checkout (the webhook receivers' throughput rose by
            // a fifth without it). The stores leave no session state behind: the migrator releases its advisory lock and
            // the queue's listener unlistens before their connections go back. A connection string can still ask for resets.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString ?? "" };
            if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            {
                builder.ConnectionStringBuilder.NoResetOnClose = true;
            }

            // Webhook payloads are often 10-30 KB: a 64 KB write buffer sends one in one write instead of several.
            if (!given.ContainsKey("Write Buffer Size") && !given.ContainsKey("WriteBufferSize"))
            {
                builder.ConnectionStringBuilder.WriteBufferSize = 64 * 1024;
            }

            return builder.UseLoggerFactory(sp.GetService<Logging.ILoggerFactory>()).Build();
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DatabaseMigrator(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(BobPostgresOptions.DataSourceKey),
            sp.GetService<Logging.ILogger<DatabaseMigrator>>(),
            sp.GetRequiredService<IOptions<BobPostgresOptions>>().Value.Schema));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, DatabaseMigrationHostedService>());
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<IRepositoryStore, PostgresRepositoryStore>();
        services.TryAddSingleton<IGitConnectionStore, PostgresGitConnectionStore>();
        services.TryAddSingleton<IOAuthStateStore, PostgresOAuthStateStore>();
        services.TryAddSingleton<IGitAppInstallationStore, PostgresGitAppInstallationStore>();
        services.TryAddSingleton<IRepositoryWebhookStore, PostgresRepositoryWebhookStore>();
        services.TryAddSingleton<TokenRewrapper>();
        services.TryAddSingleton<IPullRequestStore, PostgresPullRequestStore>();
        services.TryAddSingleton<ISessionStore, PostgresSessionStore>();
        services.TryAddSingleton<IGitSyncStore, PostgresGitSyncStore>();
        services.TryAddSingleton<Bob.Tasks.ITaskRunStore, PostgresTaskRunStore>();
        services.TryAddSingleton<IPullRequestFeedbackStore, PostgresPullRequestFeedbackStore>();
        services.TryAddSingleton<ICheckStore, PostgresCheckStore>();
        services.TryAddSingleton<Bob.Notifications.IDeviceStore, PostgresDeviceStore>();
        services.TryAddSingleton<SessionEventListener>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, SessionEventListener>(sp => sp.GetRequiredService<SessionEventListener>()));
        services.TryAddSingleton<ISessionEventStream, PostgresSessionEventStream>();
        services.TryAddSingleton<Bob.Webhooks.IWebhookDeliveryStore, PostgresWebhookDeliveryStore>();
        services.TryAddSingleton<PostgresWebhookDeliveryQueue>();
        services.TryAddSingleton<Bob.Webhooks.IWebhookDeliveryQueue>(sp => sp.GetRequiredService<PostgresWebhookDeliveryQueue>());
        services.TryAddSingleton<Bob.Webhooks.IWebhookDeliveryAdmin>(sp => sp.GetRequiredService<PostgresWebhookDeliveryQueue>());

        // Connection tokens are encrypted by the vault; its keys are configured with AddBobVault(...).
        services.AddBobVault();
        return new Bob.Postgres.Internal.BobPostgresBuilder(services);
    }
}
