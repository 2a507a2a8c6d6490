using Bob.Notifications;

namespace Bob.Testing;

/// <summary>
/// An <see cref="IDeviceStore"/> in memory with the PostgreSQL store's contract (<see cref="DeviceStoreContract"/> runs
/// against both): one row per user and token, a token moved to the last user who registered it, at most the cap of
/// enabled devices per user (the device just registered kept, then the most recently seen), and tickets once per receipt.
/// Thread-safe.
/// </summary>
public sealed class InMemoryDeviceStore(TimeProvider? timeProvider = null) : IDeviceStore
{
    private readonly Lock _gate = new();
    private readonly List<Row> _devices = [];
    private readonly List<(PushTicket Ticket, string DedupeKey, DateTimeOffset CreatedAt)> _tickets = [];

    /// <inheritdoc />
    public Task<(Device Device, bool Created)> UpsertAsync(Guid userId, string expoPushToken, DeviceType type, int maxEnabledPerUser, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expoPushToken);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEnabledPerUser, 1);
        lock (_gate)
        {
            foreach (var other in _devices.Where(d => d.Device.ExpoPushToken == expoPushToken && d.Device.UserId != userId && d.Device.Enabled))
            {
                other.Device = other.Device with { Enabled = false };
            }

            var seen = InMemoryClock.Next(timeProvider);
            var row = _devices.FirstOrDefault(d => d.Device.UserId == userId && d.Device.ExpoPushToken == expoPushToken);
            var created = row is null;
            if (row is null)
            {
                row = new Row(new Device(Guid.NewGuid(), userId, type, expoPushToken, true, seen));
                _devices.Add(row);
            }
            else
            {
                row.Device = row.Device with { Type = type, Enabled = true };
            }

            row.LastSeenAt = seen;
            foreach (var over in _devices.Where(d => d.Device.UserId == userId && d.Device.Enabled)
                .OrderByDescending(d => d == row).ThenByDescending(d => d.LastSeenAt).ThenByDescending(d => d.Device.CreatedAt).Skip(maxEnabledPerUser))
            {
                over.Device = over.Device with { Enabled = false };
            }

            return Task.FromResult((row.Device, created));
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(Guid userId, Guid deviceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var removed = _devices.RemoveAll(d => d.Device.Id == deviceId && d.Device.UserId == userId) > 0;
            _tickets.RemoveAll(t => t.Ticket.DeviceId == deviceId);
            return Task.FromResult(removed);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Device>> ListEnabledAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Device>>([.. _devices.Select(d => d.Device).Where(d => d.UserId == userId && d.Enabled).OrderBy(d => d.CreatedAt)]);
        }
    }

    /// <inheritdoc />
    public Task<int> DisableAsync(string expoPushToken, string reason, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var rows = _devices.Where(d => d.Device.ExpoPushToken == expoPushToken && d.Device.Enabled).ToList();
            rows.ForEach(d => d.Device = d.Device with { Enabled = false });
            return Task.FromResult(rows.Count);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlySet<Guid>> DevicesPushedAsync(string dedupeKey, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlySet<Guid>>(_tickets.Where(t => t.DedupeKey == dedupeKey).Select(t => t.Ticket.DeviceId).ToHashSet());
        }
    }

    /// <inheritdoc />
    public Task AddTicketsAsync(string dedupeKey, IReadOnlyList<PushTicket> tickets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        lock (_gate)
        {
            foreach (var ticket in tickets.Where(t => !_tickets.Any(k => k.Ticket.ReceiptId == t.ReceiptId)))
            {
                _tickets.Add((ticket, dedupeKey, InMemoryClock.Next(timeProvider)));
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<(PushTicket Ticket, string ExpoPushToken)>> TicketsBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<(PushTicket, string)>>([.. _tickets.Where(t => t.CreatedAt < before).OrderBy(t => t.CreatedAt).Take(limit)
                .Select(t => (t.Ticket, _devices.First(d => d.Device.Id == t.Ticket.DeviceId).Device.ExpoPushToken))]);
        }
    }

    /// <inheritdoc />
    public Task RemoveTicketsAsync(IReadOnlyList<string> receiptIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptIds);
        lock (_gate)
        {
            _tickets.RemoveAll(t => receiptIds.Contains(t.Ticket.ReceiptId));
        }

        return Task.CompletedTask;
    }

    private sealed class Row(Device device)
    {
        public Device Device { get; set; } = device;

        public DateTimeOffset LastSeenAt { get; set; }
    }
}
