using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// A fake Expo push service on 127.0.0.1 that checks each request as Expo's documentation and the official
/// <c>expo-server-sdk</c> shape it (POST, JSON, <c>Accept</c>, gzip exactly past 1 KiB, at most 100 recipients a send and
/// 1000 ids a receipts request), answers tickets and receipts, and records every push.
/// </summary>
public sealed class FakeExpo : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _itemsPerRequest = new();
    private readonly ConcurrentQueue<ExpoPush> _pushes = new();
    private int _failuresLeft;

    private FakeExpo(FakeProviderServer server)
    {
        Server = server;
        server.Handler = Handle;
    }

    /// <summary>The server (every request it got is in <see cref="FakeProviderServer.Requests"/>).</summary>
    public FakeProviderServer Server { get; }

    /// <summary>The base URL (<c>Expo:BaseUrl</c>).</summary>
    public Uri BaseUri => Server.BaseUri;

    /// <summary>Every recipient of every accepted send, in arrival order.</summary>
    public IReadOnlyList<ExpoPush> Pushes => [.. _pushes];

    /// <summary>How many recipients (sends) or ids (receipts) each answered request carried, in answer order.</summary>
    public IReadOnlyList<int> ItemsPerRequest => [.. _itemsPerRequest];

    /// <summary>How many of the next requests fail with <see cref="FailureStatus"/>.</summary>
    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    /// <summary>The status of failing answers (429 by default).</summary>
    public int FailureStatus { get; set; } = 429;

    /// <summary>The <c>Retry-After</c> seconds failing answers carry, if any.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>How long each send takes to answer.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Receipt ids whose receipt says <c>DeviceNotRegistered</c> (with the token to name).</summary>
    public ConcurrentDictionary<string, string> UnregisteredReceipts { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts the fake.</summary>
    public static async Task<FakeExpo> StartAsync() => new(await FakeProviderServer.StartAsync());

    private static FakeResponse Error(int status, string code, string message) =>
        new(status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) }.ToJsonString());

    private FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Header("Content-Type") is not { } type || !type.StartsWith("application/json", StringComparison.Ordinal)
            || request.Header("Accept") != "application/json" || request.Header("Accept-Encoding") is not { } accept || !accept.Contains("gzip", StringComparison.Ordinal))
        {
            return Error(400, "VALIDATION_ERROR", "POST JSON with Accept: application/json and Accept-Encoding: gzip");
        }

        if ((request.Header("Content-Encoding") == "gzip") != (Encoding.UTF8.GetByteCount(request.Body) > 1024))
        {
            return Error(400, "VALIDATION_ERROR", "the SDK gzips exactly the bodies over 1 KiB");
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            var failure = Error(FailureStatus, FailureStatus == 429 ? "TOO_MANY_REQUESTS" : "INTERNAL_SERVER_ERROR", "try again");
            return RetryAfterSeconds is { } seconds
                ? failure with { Headers = new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } }
                : failure;
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
        if (request.Path == "/--/api/v2/push/send")
        {
            var tickets = new JsonArray();
            var pushes = new List<ExpoPush>();
            foreach (var message in request.Json.EnumerateArray())
            {
                var to = message.GetProperty("to");
                foreach (var token in to.ValueKind == JsonValueKind.Array ? to.EnumerateArray().Select(t => t.GetString()!) : [to.GetString()!])
                {
                    if (token.Contains("gone", StringComparison.Ordinal))
                    {
                        tickets.Add(new JsonObject { ["status"] = "error", ["message"] = $"\"{token}\" is not a registered push notification recipient", ["details"] = new JsonObject { ["error"] = "DeviceNotRegistered", ["expoPushToken"] = token } });
                        continue;
                    }

                    var receipt = $"receipt-{Guid.NewGuid():N}";
                    tickets.Add(new JsonObject { ["status"] = "ok", ["id"] = receipt });
                    pushes.Add(new ExpoPush(token, Text(message, "title"), Text(message, "body"), message.TryGetProperty("data", out var data) ? Text(data, "url") : null, Text(message, "collapseId"), receipt));
                }
            }

            if (tickets.Count > 100)
            {
                return Error(400, "PUSH_TOO_MANY_NOTIFICATIONS", "at most 100 notifications a request");
            }

            _itemsPerRequest.Enqueue(tickets.Count);
            foreach (var push in pushes)
            {
                _pushes.Enqueue(push);
            }

            return FakeResponse.Json(200, new JsonObject { ["data"] = tickets }.ToJsonString()) with { Delay = Delay };
        }

        if (request.Path == "/--/api/v2/push/getReceipts")
        {
            var ids = request.Json.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!).ToArray();
            if (ids.Length > 1000)
            {
                return Error(400, "VALIDATION_ERROR", "at most 1000 ids");
            }

            _itemsPerRequest.Enqueue(ids.Length);
            var receipts = new JsonObject();
            foreach (var id in ids)
            {
                receipts[id] = UnregisteredReceipts.TryGetValue(id, out var token)
                    ? new JsonObject { ["status"] = "error", ["message"] = "The device cannot receive push notifications anymore", ["details"] = new JsonObject { ["error"] = "DeviceNotRegistered", ["expoPushToken"] = token } }
                    : new JsonObject { ["status"] = "ok" };
            }

            return FakeResponse.Json(200, new JsonObject { ["data"] = receipts }.ToJsonString());
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A push the fake Expo accepted for one recipient.</summary>
public sealed record ExpoPush(string Token, string? Title, string? Body, string? Url, string? CollapseId, string ReceiptId);
