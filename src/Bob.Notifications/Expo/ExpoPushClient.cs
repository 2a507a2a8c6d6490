using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Notifications;

/// <summary>
/// Sends push notifications through Expo's push service and fetches their receipts, as the official
/// <c>expo-server-sdk</c> does: at most 100 messages a request (each recipient of a message's <c>to</c> counts), bodies over
/// 1 KiB gzipped, at most <see cref="ExpoPushOptions.MaxConcurrentRequests"/> requests in flight, a request answered 429 or
/// 5xx tried again with exponential backoff (or after <c>Retry-After</c>), <c>Authorization: Bearer</c> when an access
/// token is set, receipts asked for at most <see cref="ReceiptChunkSize"/> ids at a time. A message over 4096 bytes is
/// refused before anything is sent. Register with <c>AddBobNotifications()</c>.
/// </summary>
public sealed partial class ExpoPushClient(HttpClient http, IOptions<ExpoPushOptions> options, ILogger<ExpoPushClient> logger, TimeProvider? timeProvider = null, NotificationsTelemetry? telemetry = null)
{
    /// <summary>Recipients per send request.</summary>
    public const int ChunkSize = 100;

    /// <summary>Receipt ids per receipts request (the SDK's 300; Expo takes up to 1000).</summary>
    public const int ReceiptChunkSize = 300;

    /// <summary>The largest message Expo takes, in bytes of its JSON.</summary>
    public const int MaxMessageBytes = 4096;

    /// <summary>Bodies larger than this are gzipped.</summary>
    public const int CompressAboveBytes = 1024;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _inFlight = new(options.Value.MaxConcurrentRequests);

    /// <summary>
    /// Whether <paramref name="token"/> is an Expo push token of a shape the SDK accepts (<c>ExponentPushToken[…]</c>,
    /// <c>ExpoPushToken[…]</c>, or a UUID), with a non-empty body of safe characters (letters, digits, <c>-</c> and
    /// <c>_</c>): no empty brackets, markup or quotes.
    /// </summary>
    public static bool IsExpoPushToken(string? token) =>
        token is { Length: <= 200 } && (BracketToken().IsMatch(token) || UuidToken().IsMatch(token));

    /// <summary>Splits messages into requests of at most <see cref="ChunkSize"/> recipients, splitting a message's <c>to</c> where needed.</summary>
    public static IReadOnlyList<IReadOnlyList<ExpoPushMessage>> Chunk(IEnumerable<ExpoPushMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var chunks = new List<IReadOnlyList<ExpoPushMessage>>();
        var chunk = new List<ExpoPushMessage>();
        var count = 0;
        foreach (var message in messages)
        {
            for (var from = 0; from < message.To.Count;)
            {
                var take = Math.Min(message.To.Count - from, ChunkSize - count);
                chunk.Add(message.To.Count == take ? message : message with { To = message.To.Skip(from).Take(take).ToArray() });
                from += take;
                count += take;
                if (count == ChunkSize)
                {
                    chunks.Add(chunk);
                    chunk = [];
                    count = 0;
                }
            }
        }

        if (chunk.Count > 0)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    /// <summary>
    /// Sends the messages; returns one ticket per recipient, in order. Requests run concurrently within the in-flight limit.
    /// </summary>
    /// <exception cref="ExpoPushException">A message is over 4096 bytes (nothing was sent).</exception>
    /// <exception cref="ArgumentException">A message has no recipient, or a recipient that is not an Expo push token.</exception>
    /// <exception cref="ExpoPushException">Expo refused a request, or kept failing after the retries.</exception>
    public async Task<IReadOnlyList<ExpoPushTicket>> SendAsync(IReadOnlyList<ExpoPushMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.To.Count == 0 || message.To.Any(t => !IsExpoPushToken(t)))
            {
                throw new ArgumentException($"Push message {i} needs recipients that are Expo push tokens.", nameof(messages));
            }

            // Expo counts a message as sent to one recipient: its size with one token.
            var bytes = Serialize([message with { To = [message.To[0]] }], single: true).Length;
            if (bytes > MaxMessageBytes)
            {
                throw new ExpoPushException($"Push message {i} is {bytes} bytes; Expo takes at most {MaxMessageBytes}. Shorten its title, body or data.", statusCode: null, ExpoPushException.MessageTooBig);
            }
        }

        var chunks = Chunk(messages);
        var answers = await Task.WhenAll(chunks.Select(chunk => SendChunkAsync(chunk, cancellationToken))).ConfigureAwait(false);
        return answers.SelectMany(a => a).ToArray();
    }

    /// <summary>Fetches the receipts of <paramref name="receiptIds"/>, <see cref="ReceiptChunkSize"/> at a time; ids Expo no longer has are absent.</summary>
    /// <exception cref="ExpoPushException">Expo refused a request, or kept failing after the retries.</exception>
    public async Task<IReadOnlyDictionary<string, ExpoPushReceipt>> GetReceiptsAsync(IReadOnlyList<string> receiptIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptIds);
        var receipts = new Dictionary<string, ExpoPushReceipt>(StringComparer.Ordinal);
        foreach (var chunk in receiptIds.Chunk(ReceiptChunkSize))
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteStartArray("ids");
                foreach (var id in chunk)
                {
                    writer.WriteStringValue(id);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            using var data = await PostAsync("--/api/v2/push/getReceipts", buffer.ToArray(), cancellationToken).ConfigureAwait(false);
            if (data.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ExpoPushException("Expo answered the receipts with something other than a map of receipt ids.", 200);
            }

            foreach (var property in data.RootElement.EnumerateObject())
            {
                var r = property.Value;
                receipts[property.Name] = new ExpoPushReceipt(
                    Text(r, "status") == "ok",
                    r.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? Text(details, "error") : null,
                    Text(r, "message"),
                    r.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Object ? Text(d, "expoPushToken") : null);
            }
        }

        return receipts;
    }

    private async Task<IReadOnlyList<ExpoPushTicket>> SendChunkAsync(IReadOnlyList<ExpoPushMessage> chunk, CancellationToken cancellationToken)
    {
        var recipients = chunk.SelectMany(m => m.To).ToArray();
        using var data = await PostAsync("--/api/v2/push/send", Serialize(chunk, single: false), cancellationToken).ConfigureAwait(false);
        if (data.RootElement.ValueKind != JsonValueKind.Array || data.RootElement.GetArrayLength() != recipients.Length)
        {
            throw new ExpoPushException($"Expected Expo to answer with {recipients.Length} tickets but got {(data.RootElement.ValueKind == JsonValueKind.Array ? data.RootElement.GetArrayLength() : 0)}.", 200);
        }

        var tickets = new ExpoPushTicket[recipients.Length];
        var i = 0;
        foreach (var t in data.RootElement.EnumerateArray())
        {
            var ok = Text(t, "status") == "ok";
            var error = t.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object ? Text(details, "error") : null;
            tickets[i] = new ExpoPushTicket(recipients[i], ok, ok ? Text(t, "id") : null, ok ? null : error ?? "Unknown", ok ? null : Text(t, "message"));
            telemetry?.Ticket(ok ? "ok" : tickets[i].Error!);
            if (!ok)
            {
                LogTicketError(logger, tickets[i].Error!, Mask(recipients[i]), tickets[i].Message ?? "");
            }

            i++;
        }

        return tickets;
    }

    /// <summary>
    /// POSTs a JSON body (gzipped past 1 KiB) and returns Expo's <c>data</c>. The client's pipeline (<c>AddBobNotifications</c>)
    /// retries 429, 5xx and no answer; what is left is an <see cref="ExpoPushException"/>.
    /// </summary>
    private async Task<JsonDocument> PostAsync(string path, byte[] json, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var body = json.Length > CompressAboveBytes ? Gzip(json) : json;
        ExpoPushException failure;
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var activity = NotificationsTelemetry.ActivitySource.StartActivity("bob.notifications.expo");
        activity?.SetTag("bob.expo.operation", Operation(path));
        var started = _time.GetTimestamp();
        var status = 0;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, path)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (!ReferenceEquals(body, json))
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }

            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.AcceptEncoding.ParseAdd("gzip, deflate");
            if (!string.IsNullOrEmpty(o.AccessToken))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AccessToken);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: reported below with the status.
            }

            using (document)
            {
                if (response.StatusCode == HttpStatusCode.OK && document is { RootElement.ValueKind: JsonValueKind.Object } ok && ok.RootElement.TryGetProperty("data", out var data)
                    && !(ok.RootElement.TryGetProperty("errors", out var okErrors) && okErrors.ValueKind == JsonValueKind.Array && okErrors.GetArrayLength() > 0))
                {
                    return JsonDocument.Parse(data.GetRawText());
                }

                var (code, message) = document is { RootElement.ValueKind: JsonValueKind.Object } e && e.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
                    ? (Text(errors[0], "code"), Text(errors[0], "message"))
                    : (null, Excerpt(text));
                failure = new ExpoPushException($"Expo answered {(int)response.StatusCode}{(code is null ? "" : $" {code}")}: {message}", (int)response.StatusCode, code);
            }
        }
        catch (HttpRequestException ex)
        {
            failure = new ExpoPushException($"Expo could not be reached: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is Polly.Timeout.TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            failure = new ExpoPushException("Expo did not answer in time.", ex);
        }
        finally
        {
            _inFlight.Release();
            telemetry?.Requested(Operation(path), status, _time.GetElapsedTime(started));
            activity?.SetTag("bob.expo.status", status);
        }

        LogFailed(logger, path, failure.StatusCode ?? 0, failure.Code ?? "");
        throw failure;
    }

    private static string Operation(string path) => path.EndsWith("getReceipts", StringComparison.Ordinal) ? "receipts" : "send";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>A token as logs show it: its kind and last characters only.</summary>
    internal static string Mask(string token) => token.Length <= 8 ? "…" : "…" + token[^6..];

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z\\d]{8}-[a-z\\d]{4}-[a-z\\d]{4}-[a-z\\d]{4}-[a-z\\d]{12}\\z", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UuidToken();

    [System.Text.RegularExpressions.GeneratedRegex("^(?:ExponentPushToken|ExpoPushToken)\\[[A-Za-z0-9_-]{1,180}\\]\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex BracketToken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expo refused a push to {Token}: {Error} {Message}")]
    private static partial void LogTicketError(ILogger logger, string error, string token, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expo {Path} failed with {Status} {Code}")]
    private static partial void LogFailed(ILogger logger, string path, int status, string code);
}
