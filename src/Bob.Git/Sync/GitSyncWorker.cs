using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// Runs <see cref="GitSyncService.SyncAsync"/> every <see cref="GitSyncOptions.IntervalSeconds"/> (none when 0); does nothing in a host without a sync store (<see cref="IGitSyncStore"/>, from a
/// storage package such as <c>AddBobPostgres()</c>).
/// </summary>
public sealed partial class GitSyncWorker(IServiceProvider services, IOptions<GitSyncOptions> options, TimeProvider timeProvider, ILogger<GitSyncWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.IntervalSeconds <= 0)
        {
            return;
        }

        if (services.GetService<IGitSyncStore>() is null)
        {
            LogNoStore(logger);
            return;
        }

        var sync = services.GetRequiredService<GitSyncService>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await sync.SyncAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A git sync round failed; the next runs on schedule")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Git sync is off: no IGitSyncStore is registered (AddBobPostgres() registers one)")]
    private static partial void LogNoStore(ILogger logger);
}
