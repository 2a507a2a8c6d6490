using Bob.Notifications;

namespace Bob.SampleHost.Infrastructure;

/// <summary>Reads push receipts every <c>Expo:ReceiptCheckMinutes</c> (default 5; 0 turns it off) with <see cref="PushReceiptChecker"/>.</summary>
internal sealed partial class PushReceiptWorker(PushReceiptChecker checker, IConfiguration configuration, ILogger<PushReceiptWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = configuration.GetValue("Expo:ReceiptCheckMinutes", 5);
        if (minutes <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await checker.CheckAsync(cancellationToken: stoppingToken);
            }
            catch (Exception ex) when (ex is ExpoPushException or HttpRequestException or Npgsql.NpgsqlException)
            {
                LogFailed(logger, ex.GetType().Name, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading push receipts failed ({Type}): {Message}; trying at the next round")]
    private static partial void LogFailed(ILogger logger, string type, string message);
}
