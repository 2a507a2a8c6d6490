using Npgsql;

namespace Bob.Postgres.Internal;

/// <summary>
/// Sends <c>NOTIFY bob_webhook_deliveries</c> after new deliveries, at most one in flight at a time: a burst of inserts
/// costs one notification instead of one per row, which would serialise their commits on the notification queue lock.
/// A lost notification only delays processing until the worker's next poll.
/// </summary>
internal sealed class DeliveryNotifier(NpgsqlDataSource dataSource)
{
    public const string Channel = "bob_webhook_deliveries";
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);
    private int _scheduled;

    /// <summary>Asks for a notification soon; returns at once.</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _ = NotifyAsync();
        }
    }

    private async Task NotifyAsync()
    {
        try
        {
            await Task.Delay(Window);

            // Cleared before sending, so an insert that commits after this point schedules another notification.
            Volatile.Write(ref _scheduled, 0);
            await using var command = dataSource.CreateCommand($"NOTIFY {Channel}");
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            Volatile.Write(ref _scheduled, 0);
        }
    }
}
