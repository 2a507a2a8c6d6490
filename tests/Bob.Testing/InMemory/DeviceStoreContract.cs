using Bob.Notifications;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IDeviceStore"/> must do, run against each implementation (PostgreSQL in <c>Bob.Postgres.Tests</c>,
/// <see cref="InMemoryDeviceStore"/> in <c>Bob.Notifications.Tests</c>): a device registered once per user and token, a
/// token moved to whoever registered it last, at most the cap of enabled devices per user, devices disabled by token and
/// deleted by their user only, and push tickets kept once per receipt until their receipts are read.
/// </summary>
public abstract class DeviceStoreContract
{
    /// <summary>The store under test.</summary>
    protected abstract IDeviceStore Store { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    private static string Token() => $"ExponentPushToken[{Guid.NewGuid():N}]";

    [Fact]
    public async Task ADevice_IsRegisteredOncePerUserAndToken_AndARegistrationAgainUpdatesIt()
    {
        var user = await UserAsync();
        var token = Token();

        var (first, created) = await Store.UpsertAsync(user, token, DeviceType.Ios, 10);
        var (again, createdAgain) = await Store.UpsertAsync(user, token, DeviceType.Android, 10);

        Assert.Equal((true, false, first.Id), (created, createdAgain, again.Id));
        Assert.Equal((DeviceType.Android, true), (again.Type, again.Enabled));
        Assert.Equal([first.Id], (await Store.ListEnabledAsync(user)).Select(d => d.Id));
    }

    [Fact]
    public async Task AToken_MovesToWhoeverRegisteredItLast()
    {
        var ana = await UserAsync();
        var ben = await UserAsync();
        var token = Token();
        await Store.UpsertAsync(ana, token, DeviceType.Ios, 10);

        await Store.UpsertAsync(ben, token, DeviceType.Ios, 10);

        Assert.Empty(await Store.ListEnabledAsync(ana));
        Assert.Single(await Store.ListEnabledAsync(ben));
    }

    [Fact]
    public async Task AUserKeepsAtMostTheCap_TheDeviceJustRegisteredFirst_ThenTheMostRecentlySeen()
    {
        var user = await UserAsync();
        var (oldest, _) = await Store.UpsertAsync(user, Token(), DeviceType.Ios, 2);
        var (middle, _) = await Store.UpsertAsync(user, Token(), DeviceType.Ios, 2);
        await Store.UpsertAsync(user, oldest.ExpoPushToken, DeviceType.Ios, 2); // seen again: now the most recent

        var (newest, _) = await Store.UpsertAsync(user, Token(), DeviceType.Android, 2);

        Assert.Equal(new[] { oldest.Id, newest.Id }.Order(), (await Store.ListEnabledAsync(user)).Select(d => d.Id).Order());
        Assert.DoesNotContain(await Store.ListEnabledAsync(user), d => d.Id == middle.Id);
    }

    [Fact]
    public async Task ADevice_IsDisabledByToken_AndDeletedByItsUserOnly()
    {
        var user = await UserAsync();
        var (device, _) = await Store.UpsertAsync(user, Token(), DeviceType.Ios, 10);
        var (other, _) = await Store.UpsertAsync(user, Token(), DeviceType.Ios, 10);

        Assert.Equal(1, await Store.DisableAsync(device.ExpoPushToken, "DeviceNotRegistered"));
        Assert.Equal(0, await Store.DisableAsync(device.ExpoPushToken, "DeviceNotRegistered"));
        Assert.False(await Store.DeleteAsync(await UserAsync(), other.Id));
        Assert.Equal([other.Id], (await Store.ListEnabledAsync(user)).Select(d => d.Id));
        Assert.True(await Store.DeleteAsync(user, other.Id));
        Assert.Empty(await Store.ListEnabledAsync(user));
    }

    [Fact]
    public async Task Tickets_AreKeptOncePerReceipt_UntilTheirReceiptsAreRead()
    {
        var user = await UserAsync();
        var (phone, _) = await Store.UpsertAsync(user, Token(), DeviceType.Ios, 10);
        var (tablet, _) = await Store.UpsertAsync(user, Token(), DeviceType.Android, 10);
        var key = $"push:{Guid.NewGuid():N}";
        var receipts = new[] { new PushTicket($"r-{Guid.NewGuid():N}", phone.Id), new PushTicket($"r-{Guid.NewGuid():N}", tablet.Id) };

        await Store.AddTicketsAsync(key, receipts);
        await Store.AddTicketsAsync(key, receipts[..1]);

        Assert.Equal(new[] { phone.Id, tablet.Id }.Order(), (await Store.DevicesPushedAsync(key)).Order());
        Assert.Empty(await Store.DevicesPushedAsync("push:other"));
        var due = (await Store.TicketsBeforeAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100)).Where(t => receipts.Contains(t.Ticket)).ToList();
        Assert.Equal(2, due.Count);
        Assert.Contains(due, t => t.Ticket == receipts[0] && t.ExpoPushToken == phone.ExpoPushToken);
        Assert.DoesNotContain(await Store.TicketsBeforeAsync(DateTimeOffset.UtcNow.AddHours(-1), 100), t => receipts.Contains(t.Ticket));
        await Store.RemoveTicketsAsync([receipts[0].ReceiptId]);
        Assert.Equal([tablet.Id], await Store.DevicesPushedAsync(key));
    }
}
