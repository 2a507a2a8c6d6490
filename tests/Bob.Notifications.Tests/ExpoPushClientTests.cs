using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Notifications.Tests;

/// <summary>
/// The Expo push client against a fake Expo push service on 127.0.0.1 that checks each request as Expo's documentation
/// and the official <c>expo-server-sdk</c> shape it: method, path, headers, gzip, at most 100 recipients a request, the
/// ticket and receipt answers.
/// </summary>
public sealed class ExpoPushClientTests : IAsyncLifetime
{
    private FakeProviderServer _expo = null!;
    private ServiceProvider _services = null!;
    private readonly ConcurrentQueue<int> _recipientsPerRequest = new();
    private int _failuresLeft;
    private int _failureStatus = 429;

    public async Task InitializeAsync()
    {
        _expo = await FakeProviderServer.StartAsync();
        _expo.Handler = Handle;
        _services = Build(accessToken: null);
    }

    private ServiceProvider Build(string? accessToken) => new ServiceCollection()
        .AddLogging()
        .AddExpoPush(o =>
        {
            o.BaseUrl = _expo.BaseUri;
            o.AccessToken = accessToken;
            o.RetryMinDelay = TimeSpan.FromMilliseconds(10);
        })
        .BuildServiceProvider();

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _expo.DisposeAsync();
    }

    private ExpoPushClient Client => _services.GetRequiredService<ExpoPushClient>();

    public TimeSpan Delay { get; set; }

    private static string Token(int i) => $"ExponentPushToken[fake{i:D6}xxxxxxxxxxxxx]";

    private FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Header("Content-Type") is not { } type || !type.StartsWith("application/json", StringComparison.Ordinal)
            || request.Header("Accept") != "application/json" || request.Header("Accept-Encoding") is not { } accept || !accept.Contains("gzip", StringComparison.Ordinal))
        {
            return FakeResponse.Json(400, """{"errors":[{"code":"VALIDATION_ERROR","message":"bad request"}]}""");
        }

        // The SDK gzips bodies over 1 KiB and only those.
        var gzipped = request.Header("Content-Encoding") == "gzip";
        if (gzipped != (System.Text.Encoding.UTF8.GetByteCount(request.Body) > 1024))
        {
            return FakeResponse.Json(400, """{"errors":[{"code":"VALIDATION_ERROR","message":"gzip exactly the bodies over 1 KiB"}]}""");
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return new FakeResponse(_failureStatus, """{"errors":[{"code":"TOO_MANY_REQUESTS","message":"slow down"}]}""");
        }

        if (request.Path == "/--/api/v2/push/send")
        {
            var messages = request.Json;
            var tickets = new JsonArray();
            foreach (var message in messages.EnumerateArray())
            {
                var to = message.GetProperty("to");
                foreach (var token in to.ValueKind == JsonValueKind.Array ? to.EnumerateArray().Select(t => t.GetString()!) : [to.GetString()!])
                {
                    tickets.Add(token.Contains("gone", StringComparison.Ordinal)
                        ? new JsonObject { ["status"] = "error", ["message"] = $"\"{token}\" is not a registered push notification recipient", ["details"] = new JsonObject { ["error"] = "DeviceNotRegistered", ["expoPushToken"] = token } }
                        : new JsonObject { ["status"] = "ok", ["id"] = $"receipt-{token[18..28]}" });
                }
            }

            if (tickets.Count > 100)
            {
                return FakeResponse.Json(400, """{"errors":[{"code":"PUSH_TOO_MANY_NOTIFICATIONS","message":"at most 100"}]}""");
            }

            _recipientsPerRequest.Enqueue(tickets.Count);
            return FakeResponse.Json(200, new JsonObject { ["data"] = tickets }.ToJsonString()) with { Delay = Delay };
        }

        if (request.Path == "/--/api/v2/push/getReceipts")
        {
            var ids = request.Json.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray();
            if (ids.Length > 1000)
            {
                return FakeResponse.Json(400, """{"errors":[{"code":"VALIDATION_ERROR","message":"at most 1000 ids"}]}""");
            }

            _recipientsPerRequest.Enqueue(ids.Length);
            var receipts = new JsonObject();
            foreach (var id in ids)
            {
                receipts[id] = id.EndsWith('7')
                    ? new JsonObject { ["status"] = "error", ["message"] = "The device cannot receive push notifications anymore", ["details"] = new JsonObject { ["error"] = "DeviceNotRegistered", ["expoPushToken"] = $"ExponentPushToken[{id}]" } }
                    : new JsonObject { ["status"] = "ok" };
            }

            return FakeResponse.Json(200, new JsonObject { ["data"] = receipts }.ToJsonString());
        }

        return null;
    }

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
        Assert.All(tickets, t => Assert.True(t.Ok && t.ReceiptId == $"receipt-{t.Token[18..28]}"));
        Assert.Equal([50, 100, 100], _recipientsPerRequest.Order()); // requests run concurrently: their order is not the messages'
        Assert.All(_expo.Requests, r => Assert.Equal("/--/api/v2/push/send", r.Path));
        Assert.All(_expo.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task ASmallBody_IsSentPlain_ALargeOneGzipped_AndTheAccessTokenAsBearer()
    {
        await using var services = Build(accessToken: "not-a-real-expo-access-token");
        var client = services.GetRequiredService<ExpoPushClient>();

        await client.SendAsync([new ExpoPushMessage([Token(1)], "Hi", "Short")]);
        await client.SendAsync([new ExpoPushMessage([.. Enumerable.Range(0, 40).Select(Token)], "A title", "A body")]);

        var requests = _expo.Requests.ToArray();
        Assert.Equal([null, "gzip"], requests.Select(r => r.Header("Content-Encoding")));
        Assert.All(requests, r => Assert.Equal("Bearer not-a-real-expo-access-token", r.Header("Authorization")));
        var small = requests[0].Json[0];
        Assert.Equal((Token(1), "Hi", "Short"), (small.GetProperty("to").GetString(), small.GetProperty("title").GetString(), small.GetProperty("body").GetString()));
    }

    [Fact]
    public async Task A429Storm_IsRetriedWithBackoff_WithinTheLimit()
    {
        _failuresLeft = 2;

        var tickets = await Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]);

        Assert.True(tickets[0].Ok);
        Assert.Equal(3, _expo.Requests.Count);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task AStormLongerThanTheRetries_FailsTyped_AfterThreeAttempts(int status)
    {
        _failuresLeft = 10;
        _failureStatus = status;

        var ex = await Assert.ThrowsAsync<ExpoPushException>(() => Client.SendAsync([new ExpoPushMessage([Token(1)], "t", "b")]));

        Assert.Equal(status, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, _expo.Requests.Count); // the first try and two retries, as the SDK
    }

    [Fact]
    public async Task AMessageOver4096Bytes_IsRefusedBeforeAnythingIsSent()
    {
        var ex = Assert.Throws<ExpoMessageTooBigException>(() => Client.SendAsync([new ExpoPushMessage([Token(1)], "t", new string('x', 4100))]).GetAwaiter().GetResult());

        Assert.Equal(0, ex.Index);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_expo.Requests);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ManyChunks_KeepAtMostSixRequestsInFlight()
    {
        Delay = TimeSpan.FromMilliseconds(150);

        await Client.SendAsync([new ExpoPushMessage([.. Enumerable.Range(0, 2000).Select(Token)], "t", "b")]);

        Assert.Equal(20, _expo.Requests.Count);
        Assert.InRange(_expo.MaxInFlight, 2, 6);
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

        var receipts = await Client.GetReceiptsAsync(ids);

        Assert.Equal(650, receipts.Count);
        Assert.Equal([50, 300, 300], _recipientsPerRequest.Order());
        Assert.All(_expo.Requests, r => Assert.Equal("/--/api/v2/push/getReceipts", r.Path));
        var gone = receipts["receipt-0007"];
        Assert.Equal((false, "DeviceNotRegistered", "ExponentPushToken[receipt-0007]"), (gone.Ok, gone.Error, gone.ExpoPushToken));
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
    public void IsExpoPushToken_AcceptsTheSdksShapesOnly(string token, bool expected) =>
        Assert.Equal(expected, ExpoPushClient.IsExpoPushToken(token));
}
