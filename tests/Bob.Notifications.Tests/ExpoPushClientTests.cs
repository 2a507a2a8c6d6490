using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Notifications.Tests;

/// <summary>
/// The Expo push client against a fake Expo push service on 127.0.0.1 (<see cref="FakeExpo"/>) that checks each request
/// as Expo's documentation and the official <c>expo-server-sdk</c> shape it.
/// </summary>
public sealed class ExpoPushClientTests : IAsyncLifetime
{
    private FakeExpo _expo = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _expo = await FakeExpo.StartAsync();
        _services = Build(accessToken: null);
    }

    private ServiceProvider Build(string? accessToken) => new ServiceCollection()
        .AddLogging()
        .AddBobNotifications(o =>
        {
            o.BaseUrl = _expo.BaseUri;
            o.AccessToken = accessToken;
            o.RetryMinDelay = TimeSpan.FromMilliseconds(10);
        })
        .Services.BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _expo.DisposeAsync();
    }

    private ExpoPushClient Client => _services.GetRequiredService<ExpoPushClient>();

    private static string Token(int i) => $"ExponentPushToken[fake{i:D6}xxxxxxxxxxxxx]";

    [Fact]
    public async Task TwoHundredFiftyRecipients_GoInRequestsOfAtMostOneHundred_AndTicketsComeBackInOrder()
    {
        var messages = new[]
        {
            new ExpoPushMessage([.. Enumerable.Range(0, 150).Select(Token)], "BOB-42 is blocked", "Which endpoint, v1 or v2?"),
            new ExpoPushMessage([Token(150)], "BOB-43", "Merged"),
            new ExpoPushMessage([.. Enumerable.Range(151, 99).Select(Token)], "BOB-44", "Ready for review"),
        };

        var tickets = await Client.SendAsync(messages);

        Assert.Equal(250, tickets.Count);
        Assert.Equal(Enumerable.Range(0, 250).Select(Token), tickets.Select(t => t.Token));
        Assert.All(tickets, t => Assert.True(t.Ok));
        Assert.Equal(tickets.Select(t => t.ReceiptId), _expo.Pushes.OrderBy(p => p.Token, StringComparer.Ordinal).Select(p => p.ReceiptId));
        Assert.Equal([50, 100, 100], _expo.ItemsPerRequest.Order()); // requests run concurrently: their order is not the messages'
        Assert.All(_expo.Server.Requests, r => Assert.Equal("/--/api/v2/push/send", r.Path));
        Assert.All(_expo.Server.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task ASmallBody_IsSentPlain_ALargeOneGzipped_AndTheAccessTokenAsBearer()
    {
        await using var services = Build(accessToken: "not-a-real-expo-access-token");
        var client = services.GetRequiredService<ExpoPushClient>();

        await client.SendAsync([new ExpoPushMessage([Token(1)], "Hi", "Short")]);
        await client.SendAsync([new ExpoPushMessage([.. Enumerable.Range(0, 40).Select(Token)], "A title", "A body")]);

        var requests = _expo.Server.Requests.ToArray();
        Assert.Equal([null, "gzip"], requests.Select(r => r.Header("Content-Encoding")));
        Assert.All(requests, r => Assert.Equal("Bearer not-a-real-expo-access-token", r.Header("Authorization")));
        var small = requests[0].Json[0];
        Assert.Equal((Token(1), "Hi", "Short"), (small.GetProperty("to").GetString(), small.GetProperty("title").GetString(), small.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task A429Storm_IsRetriedWithBackoff_WithinTheLimit()
    {
        _expo.FailuresLeft = 2;

        var tickets = await Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]);

        Assert.True(tickets[0].Ok);
        Assert.Equal(3, _expo.Server.Requests.Count);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task AStormLongerThanTheRetries_FailsTyped_AfterThreeAttempts(int status)
    {
        _expo.FailuresLeft = 10;
        _expo.FailureStatus = status;

        var ex = await Assert.ThrowsAsync<ExpoPushException>(() => Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]));

        Assert.Equal(status, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, _expo.Server.Requests.Count); // the first try and two retries, as the SDK
    }

    [Fact]
    public async Task ARateLimitLongerThanAMinute_IsNotWaitedFor_ButFailsTransient()
    {
        _expo.FailuresLeft = 10;
        _expo.RetryAfterSeconds = 3600;

        var ex = await Assert.ThrowsAsync<ExpoPushException>(() => Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]));

        Assert.Equal((429, true), (ex.StatusCode, ex.IsTransient));
        Assert.Single(_expo.Server.Requests); // the outbox row that asked is retried later instead of a host waiting an hour
    }

    [Fact]
    public async Task AShortRetryAfter_IsWaitedFor_AndTheSendSucceeds()
    {
        _expo.FailuresLeft = 1;
        _expo.RetryAfterSeconds = 0;

        var tickets = await Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]);

        Assert.True(tickets[0].Ok);
        Assert.Equal(2, _expo.Server.Requests.Count);
    }

    [Fact]
    public async Task AMessageOver4096Bytes_IsRefusedBeforeAnythingIsSent()
    {
        var ex = await Assert.ThrowsAsync<ExpoPushException>(() => Client.SendAsync([new ExpoPushMessage([Token(1)], "t", new string('x', 4100))]));
        Assert.Equal(ExpoPushException.MessageTooBig, ex.Code);

        Assert.Contains("Push message 0 ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_expo.Server.Requests);
    }

    [Fact]
    public async Task ManyChunks_KeepAtMostSixRequestsInFlight()
    {
        _expo.Delay = TimeSpan.FromMilliseconds(150);

        await Client.SendAsync([new ExpoPushMessage([.. Enumerable.Range(0, 2000).Select(Token)], "t", "b")]);

        Assert.Equal(20, _expo.Server.Requests.Count);
        Assert.InRange(_expo.Server.MaxInFlight, 2, 6);
    }

    [Fact]
    public async Task ATicketForAnUnregisteredDevice_SaysDeviceNotRegistered()
    {
        var tickets = await Client.SendAsync([new ExpoPushMessage(["ExponentPushToken[gone-000001]", Token(2)], "t", "b")]);

        Assert.Equal((false, "DeviceNotRegistered"), (tickets[0].Ok, tickets[0].Error));
        Assert.True(tickets[1].Ok);
    }

    [Fact]
    public async Task Receipts_AreAskedForInBatches_AndDeviceNotRegisteredNamesTheToken()
    {
        var ids = Enumerable.Range(0, 650).Select(i => $"receipt-{i:D4}").ToArray();
        _expo.UnregisteredReceipts["receipt-0007"] = "ExponentPushToken[gone7]";

        var receipts = await Client.GetReceiptsAsync(ids);

        Assert.Equal(650, receipts.Count);
        Assert.Equal([50, 300, 300], _expo.ItemsPerRequest.Order());
        Assert.All(_expo.Server.Requests, r => Assert.Equal("/--/api/v2/push/getReceipts", r.Path));
        var gone = receipts["receipt-0007"];
        Assert.Equal((false, "DeviceNotRegistered", "ExponentPushToken[gone7]"), (gone.Ok, gone.Error, gone.ExpoPushToken));
        Assert.True(receipts["receipt-0001"].Ok);
    }

    [Theory]
    [InlineData("ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]", true)]
    [InlineData("ExpoPushToken[xxxxxxxxxxxxxxxxxxxxxx]", true)]
    [InlineData("F5741A13-BCDA-434B-A316-5DC0E6FFA94F", true)]
    [InlineData("ExponentPushToken[]x", false)]
    [InlineData("ExponentPushToken[a b]", false)]
    [InlineData("ExponentPushToken[a]]", false)]
    [InlineData("apns-device-token-0123456789", false)]
    [InlineData("", false)]
    [InlineData("ExponentPushToken[]", false)]
    [InlineData("ExpoPushToken[]", false)]
    [InlineData("ExponentPushToken[<script>]", false)]
    [InlineData("ExponentPushToken[\"onload=x]", false)]
    [InlineData("ExponentPushToken[a\u00e9b]", false)]
    [InlineData("ExponentPushToken[abc-DEF_123]", true)]
    [InlineData("ExponentPushToken[abc]\n", false)]
    [InlineData("F5741A13-BCDA-434B-A316-5DC0E6FFA94F\n", false)]
    public void IsExpoPushToken_AcceptsTheSdksShapesOnly(string token, bool expected) =>
        Assert.Equal(expected, ExpoPushClient.IsExpoPushToken(token));
}
