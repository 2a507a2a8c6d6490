using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bob.Postgres;

/// <summary>
/// Applies migrations when the host starts, before any hosted service (the web server included) starts, when
/// <see cref="BobPostgresOptions.MigrateOnStart"/> is set. A failure stops the host.
/// </summary>
public sealed class DatabaseMigrationHostedService(DatabaseMigrator migrator, IOptions<BobPostgresOptions> options) : IHostedLifecycleService
{
    /// <inheritdoc />
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
