using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Notifications.Tests;

/// <summary>
/// Push notifications over the in-memory device store (its contract also runs on PostgreSQL) against a fake Expo: one push
/// per device for one milestone however often it is sent, a session's push opening the session, devices Expo says are not
/// registered (ticket or receipt) disabled, and Expo's failures typed with whether to try later.
/// </summary>
public sealed class PushNotifierTests : IAsyncLifetime
{
    private FakeExpo _expo = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _expo = await FakeExpo.StartAsync();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDeviceStore>(new InMemoryDeviceStore())
            .AddBobNotifications(o => { o.BaseUrl = _expo.BaseUri; o.RetryMinDelay = TimeSpan.FromMilliseconds(10); })
            .Services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _expo.DisposeAsync();
    }

    private IDeviceStore Devices => _services.GetRequiredService<IDeviceStore>();

    private static readonly PushNotification Blocked = new("BOB-42 needs an answer", "Which endpoint, v1 or v2?", DeepLinks.Session(Guid.Parse("3f2504e0-4f89-41d3-9a0c-0305e82c3301")));

    [Fact]
    public async Task RegisteringTheSameTokenTwice_IsOneDevice_AndAMilestoneSentTwice_PushesEachDeviceOnce()
    {
        var user = Guid.NewGuid();
        var (phone, created) = await Devices.UpsertAsync(user, "ExponentPushToken[phone-aaaaaaaaaaaa]", DeviceType.Ios, 20);
        var (again, createdAgain) = await Devices.UpsertAsync(user, "ExponentPushToken[phone-aaaaaaaaaaaa]", DeviceType.Ios, 20);
        await Devices.UpsertAsync(user, "ExponentPushToken[tablet-bbbbbbbbbbb]", DeviceType.Android, 20);
        Assert.Equal((true, false, phone.Id), (created, createdAgain, again.Id));

        var notifier = _services.GetRequiredService<PushNotifier>();
        var first = await notifier.NotifyAsync(user, Blocked, "push:run-1:3");
        var second = await notifier.NotifyAsync(user, Blocked, "push:run-1:3"); // the outbox row retried after a lost answer

        Assert.Equal((2, 0), (first, second));
        var pushes = _expo.Pushes;
        Assert.Equal(2, pushes.Count);
        Assert.All(pushes, p => Assert.Equal(("BOB-42 needs an answer", "Which endpoint, v1 or v2?", "bob://session/3f2504e0-4f89-41d3-9a0c-0305e82c3301", "push:run-1:3"), (p.Title, p.Body, p.Url, p.CollapseId)));
    }

    [Fact]
    public async Task ADeviceNotRegistered_InATicketOrAReceipt_IsDisabled()
    {
        var user = Guid.NewGuid();
        await Devices.UpsertAsync(user, "ExponentPushToken[gone-cccccccccccc]", DeviceType.Ios, 20);
        var (kept, _) = await Devices.UpsertAsync(user, "ExponentPushToken[laterdddddddddd]", DeviceType.Android, 20);

        await _services.GetRequiredService<PushNotifier>().NotifyAsync(user, Blocked, "push:run-2:3");
        Assert.Equal([kept.Id], (await Devices.ListEnabledAsync(user)).Select(d => d.Id));

        // The other device's receipt, read later, says it is gone too.
        _expo.UnregisteredReceipts[Assert.Single(_expo.Pushes).ReceiptId] = kept.ExpoPushToken;
        var read = await _services.GetRequiredService<PushReceiptChecker>().CheckAsync(olderThan: TimeSpan.FromMinutes(-1));

        Assert.True(read >= 1);
        Assert.Empty(await Devices.ListEnabledAsync(user));
        Assert.Equal(0, await _services.GetRequiredService<PushReceiptChecker>().CheckAsync(olderThan: TimeSpan.FromMinutes(-1))); // read tickets are forgotten
    }

    [Fact]
    public async Task AUsersDevice_IsDeletedOnlyByItsUser()
    {
        var owner = Guid.NewGuid();
        var other = Guid.NewGuid();
        var (device, _) = await Devices.UpsertAsync(owner, "ExponentPushToken[owner-eeeeeeeeeee]", DeviceType.Web, 20);

        Assert.False(await Devices.DeleteAsync(other, device.Id));
        Assert.True(await Devices.DeleteAsync(owner, device.Id));
        Assert.Empty(await Devices.ListEnabledAsync(owner));
    }

    [Fact]
    public async Task ASessionsPush_OpensTheSession()
    {
        var user = Guid.NewGuid();
        var session = Guid.NewGuid();
        await Devices.UpsertAsync(user, "ExponentPushToken[session-fffffffff]", DeviceType.Ios, 20);

        var sent = await _services.GetRequiredService<ISessionNotifier>().NotifyAsync(user, session, "BOB-7 is ready", "Review it", "push:run-7:4");

        Assert.Equal(1, sent);
        Assert.Equal($"bob://session/{session}", Assert.Single(_expo.Pushes).Url);
    }

    [Fact]
    public async Task AUserWithoutDevices_IsPushedNothing_AndExpoIsNotAsked()
    {
        Assert.Equal(0, await _services.GetRequiredService<PushNotifier>().NotifyAsync(Guid.NewGuid(), Blocked, "push:run-3:3"));
        Assert.Empty(_expo.Server.Requests);
    }

    [Fact]
    public async Task AnExpoThatKeepsFailing_IsATransientFailure_AndNothingCountsAsPushed()
    {
        var user = Guid.NewGuid();
        await Devices.UpsertAsync(user, "ExponentPushToken[fail-gggggggggggg]", DeviceType.Ios, 20);
        _expo.FailuresLeft = 10;
        _expo.FailureStatus = 503;

        var ex = await Assert.ThrowsAsync<ExpoPushException>(() => _services.GetRequiredService<PushNotifier>().NotifyAsync(user, Blocked, "push:run-4:3"));
        Assert.Empty(await Devices.DevicesPushedAsync("push:run-4:3"));
        _expo.FailuresLeft = 0;
        var retried = await _services.GetRequiredService<PushNotifier>().NotifyAsync(user, Blocked, "push:run-4:3");

        Assert.True(ex.IsTransient);
        Assert.Equal(1, retried); // nothing was recorded as pushed, so the outbox's retry pushes it
        Assert.Single(await Devices.DevicesPushedAsync("push:run-4:3"));
    }
}
