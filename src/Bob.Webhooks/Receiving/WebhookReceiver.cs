using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>
/// Receives one delivery, whatever serves it: checks the signature headers before any of the body is read, reads the body
/// as it arrives (hashing it, within the memory budget for unverified bodies), checks the content type, the event and
/// delivery headers and the JSON, stores it durably and answers, all before any processing. Thread-safe; one per host.
/// <c>Bob.Webhooks.AspNetCore</c>'s <c>MapBobWebhooks()</c> serves it over HTTP.
/// </summary>
public sealed partial class WebhookReceiver
{
    private static readonly HashSet<string> NeverStored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key",
    };

    /// <summary>How long a request waits for room in the body budget before it is answered 503 (GitHub waits 10 s for an answer).</summary>
    private static readonly TimeSpan BudgetWait = TimeSpan.FromSeconds(5);

    private readonly WebhookSources _sources;
    private readonly WebhookVerifiers _verifiers;
    private readonly BodyBudget _budget;
    private readonly IWebhookDeliveryStore _store;
    private readonly IWebhookProcessor _processor;
    private readonly LocalDeliveryHandoff _handoff;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<BobWebhooksOptions> _options;
    private readonly IOptions<WebhookWorkerOptions> _workerOptions;
    private readonly ILogger<WebhookReceiver> _logger;
    private readonly WebhookTelemetry _telemetry;
    private readonly StoreOutage _outage;

    internal WebhookReceiver(
        WebhookSources sources,
        WebhookVerifiers verifiers,
        BodyBudget budget,
        IWebhookDeliveryStore store,
        IWebhookProcessor processor,
        LocalDeliveryHandoff handoff,
        TimeProvider timeProvider,
        IOptions<BobWebhooksOptions> options,
        IOptions<WebhookWorkerOptions> workerOptions,
        ILogger<WebhookReceiver> logger,
        WebhookTelemetry telemetry,
        StoreOutage? outage = null)
    {
        _outage = outage ?? new StoreOutage(timeProvider);
        _telemetry = telemetry;
        _sources = sources;
        _verifiers = verifiers;
        _budget = budget;
        _store = store;
        _processor = processor;
        _handoff = handoff;
        _timeProvider = timeProvider;
        _options = options;
        _workerOptions = workerOptions;
        _logger = logger;
    }

    /// <summary>The largest body accepted (<see cref="BobWebhooksOptions.MaxBodyBytes"/>); a host may enforce it in its server too.</summary>
    public long MaxBodyBytes => _options.Value.MaxBodyBytes;

    /// <summary>The <c>413</c> answer, for a host whose server refused the body as too large before it was read to the end.</summary>
    public WebhookReceipt TooLarge() => WebhookReceipt.Refused(413, "too_large", "Payload too large", $"Webhook bodies are limited to {MaxBodyBytes} bytes.");

    /// <summary>Receives one delivery and says what to answer.</summary>
    /// <exception cref="IOException">The body could not be read (the sender went away).</exception>
    public async Task<WebhookReceipt> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = WebhookTelemetry.ActivitySource.StartActivity("bob.webhooks.receive");
        var sourceTag = _sources.TryGet(request.Source, out _) ? request.Source : "unknown"; // no tag value an anonymous caller picks
        activity?.SetTag("bob.webhook.source", sourceTag);
        var receipt = await ReceiveCoreAsync(request, cancellationToken);
        var outcome = receipt.DeliveryRowId is null ? "rejected" : receipt.Duplicate ? "duplicate" : "accepted";
        _telemetry.Received(sourceTag, outcome, receipt.Reason);
        activity?.SetTag("bob.webhook.outcome", outcome);
        activity?.SetTag("http.response.status_code", receipt.StatusCode);
        return receipt;
    }

    private async Task<WebhookReceipt> ReceiveCoreAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (!_sources.TryGet(request.Source, out var source) || !source.ReceivesWebhooks)
        {
            return WebhookReceipt.Refused(404, "unknown_source", "Unknown webhook source", $"No webhook source named '{TextRules.Excerpt(request.Source)}' is registered in this host.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        // The headers first: a delivery without a well-formed, fresh signature is refused before a byte of its body is read.
        var verifier = _verifiers.For(source.Name);
        var verification = verifier.Begin(request, out var check);
        if (verification != WebhookVerificationResult.Valid || check is null)
        {
            return Refuse(source, verification);
        }

        byte[] body;
        using (check)
        {
            // Until the signature is proven, bodies are held within a budget shared by all requests (BodyBudget).
            var reserved = PooledBody.RoomFor(request.ContentLength ?? 0);
            if (reserved > 0 && !await _budget.ReserveAsync(reserved, BudgetWait, cancellationToken))
            {
                return Busy();
            }

            using var pooled = new PooledBody(_budget, reserved);
            while (true)
            {
                if (!pooled.TryGetSpace(out var space))
                {
                    return Busy();
                }

                var read = await request.Body.ReadAsync(space, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                pooled.Advance(read);
                if (pooled.Length > MaxBodyBytes)
                {
                    return TooLarge();
                }

                check.Append(space.Span[..read]);
            }

            verification = check.Complete();
            if (verification != WebhookVerificationResult.Valid)
            {
                return Refuse(source, verification);
            }

            // Verified: the one copy the store and the worker share.
            body = pooled.ToArray();
        }

        return await StoreVerifiedAsync(request, source, verifier, body, cancellationToken);
    }

    private static WebhookReceipt Busy() => WebhookReceipt.Refused(
        503,
        "busy",
        "Too many large deliveries at once",
        "The host is reading as many unverified bodies as its budget allows (Webhooks:MaxBufferedBodyBytes); send it again shortly.",
        TimeSpan.FromSeconds(5));

    private WebhookReceipt Refuse(WebhookSourceDefinition source, WebhookVerificationResult verification)
    {
        // Counted by the meter (bob.webhooks.deliveries, outcome rejected), never written to the database per anonymous request.
        LogRejected(_logger, source.Name, verification);
        var (reason, detail) = Explain(source, verification);
        return WebhookReceipt.Refused(401, reason, "Webhook signature not accepted", detail);
    }

    private async Task<WebhookReceipt> StoreVerifiedAsync(WebhookRequest request, WebhookSourceDefinition source, WebhookSignatureVerifier verifier, byte[] body, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return WebhookReceipt.Refused(
                415,
                "not_json_media_type",
                "Webhook bodies are JSON",
                "Send the webhook with Content-Type application/json (in the provider's webhook settings, content type application/json, not form).");
        }

        var eventType = source.EventType(request);
        if (string.IsNullOrWhiteSpace(eventType) || eventType.Length > 50)
        {
            return WebhookReceipt.Refused(400, "missing_event", "Missing event header", $"The {source.EventHeaders[0]} header is required (at most 50 characters).");
        }

        var deliveryId = source.DeliveryId(request);
        if (string.IsNullOrWhiteSpace(deliveryId) || deliveryId.Length > 200)
        {
            return WebhookReceipt.Refused(400, "missing_delivery", "Missing delivery header", $"A delivery id header ({string.Join(", ", source.DeliveryIdHeaders)}) is required for {source.DisplayName} webhooks (at most 200 characters).");
        }

        if (!TryReadEnvelope(body, out var action, out var jsonError))
        {
            return WebhookReceipt.Refused(400, "not_json", "Body is not a JSON object", jsonError);
        }

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            if (!NeverStored.Contains(name) && !verifier.SecretHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                stored[name.ToLowerInvariant()] = value;
            }
        }

        // A delivery to process is leased in its INSERT to this host's worker, which gets it from memory (see LocalDeliveryHandoff).
        var needsProcessing = _processor.Handles(source.Name, eventType);
        var worker = needsProcessing ? _handoff.TryReserve() : null;
        var claim = worker is null ? null : new WebhookClaim(worker, _timeProvider.GetUtcNow() + _workerOptions.Value.Lease);
        Guid id;
        bool isNew;
        try
        {
            (id, isNew) = await _store.StoreAsync(
                new WebhookDelivery(source.Name, deliveryId, eventType, action, stored, body, needsProcessing, claim, verifier.ReplayKey(request)),
                cancellationToken);
        }
        catch (Exception ex)
        {
            if (claim is not null)
            {
                _handoff.Release();
            }

            if (ex is InvalidWebhookPayloadException invalid)
            {
                return WebhookReceipt.Refused(400, "not_json", "Body is not a JSON object", invalid.Message);
            }

            if (StoreOutage.IsUnavailable(ex) && !cancellationToken.IsCancellationRequested)
            {
                // Not stored: the provider counts a failed delivery (and GitLab and Gitea send it again); logged once per outage.
                if (_outage.Refused())
                {
                    LogStoreUnavailable(_logger, source.Name, ex);
                }

                return WebhookReceipt.Refused(
                    503,
                    "store_unavailable",
                    "Deliveries cannot be stored right now",
                    "The host cannot reach its database; nothing was stored. Send the delivery again shortly.",
                    StoreOutage.RetryAfter);
            }

            throw;
        }

        if (_outage.Answered() is { } ended)
        {
            LogStoreBack(_logger, ended.Duration.TotalSeconds, ended.Refused);
        }

        if (claim is not null)
        {
            if (isNew)
            {
                _handoff.Publish(new ClaimedDelivery(id, source.Name, eventType, deliveryId, body, Failures: 0, _timeProvider.GetUtcNow()));
            }
            else
            {
                _handoff.Release();
            }
        }

        LogStored(_logger, source.Name, eventType, deliveryId, id, isNew);
        return new WebhookReceipt(isNew ? 202 : 200, id);
    }

    /// <summary>How much of a body the receiver reads itself, for the top-level <c>action</c> and early syntax errors.</summary>
    private const int EnvelopeBytes = 8 * 1024;

    /// <summary>
    /// Checks the body starts as a JSON object and reads its top-level <c>action</c> from the first
    /// <see cref="EnvelopeBytes"/> (GitHub and Gitea send it first). The rest of the body is validated by the store, which
    /// PostgreSQL's <c>json</c> type does on insert in any case: reading 25 KB twice would only cost time.
    /// </summary>
    private static bool TryReadEnvelope(ReadOnlySpan<byte> body, out string? action, out string error)
    {
        action = null;
        error = "";
        if (body.IsEmpty)
        {
            error = "The body is empty; a webhook delivers a JSON object (configure the webhook with content type application/json).";
            return false;
        }

        var isFinal = body.Length <= EnvelopeBytes;
        try
        {
            var reader = new Utf8JsonReader(isFinal ? body : body[..EnvelopeBytes], isFinal, new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "The body must be a JSON object (configure the webhook with content type application/json).";
                return false;
            }

            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("action"u8))
                {
                    if (!reader.Read())
                    {
                        break; // the value lies past the part read here
                    }

                    if (reader.TokenType == JsonTokenType.String)
                    {
                        var value = reader.GetString();
                        action = value is { Length: <= 50 } && !TextRules.HasControlCharacters(value) ? value : null; // a label for lists, never a reason to refuse
                    }

                    if (!isFinal)
                    {
                        return true; // the store validates the rest
                    }
                }
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return false;
        }
        catch (InvalidOperationException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// Whether the declared media type is JSON: <c>application/json</c> or a <c>+json</c> type, with any parameters. A request
    /// that declares none is read as JSON too (the body is checked either way), since some relays drop the header.
    /// </summary>
    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        mediaType = (semicolon >= 0 ? mediaType[..semicolon] : mediaType).Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A refusal's metric tag (<c>bob.webhook.reason</c>) and the problem detail the sender reads.</summary>
    private static (string Reason, string Detail) Explain(WebhookSourceDefinition source, WebhookVerificationResult result) => result switch
    {
        WebhookVerificationResult.NotConfigured => ("not_configured", $"No secret is configured for {source.DisplayName} webhooks (Webhooks__{source.DisplayName}__Secret), so none are accepted."),
        WebhookVerificationResult.MissingSignature => ("missing_signature", "The delivery carries no signature or token."),
        WebhookVerificationResult.LegacySha1Only => ("legacy_sha1_only", "Only the SHA-1 X-Hub-Signature was sent; X-Hub-Signature-256 is required."),
        WebhookVerificationResult.MalformedSignature => ("malformed_signature", "The signature header is not in the documented format."),
        WebhookVerificationResult.TimestampOutOfRange => ("timestamp_out_of_range", "The timestamp is missing or too far from now."),
        _ => ("invalid_signature", "The signature or token does not match."),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached (a {Source} delivery could not be stored): requests that need it are answered 503 until it answers again (logged once per outage)")]
    private static partial void LogStoreUnavailable(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again after {Seconds:0.0} s; {Refused} requests were answered 503 meanwhile")]
    private static partial void LogStoreBack(ILogger logger, double seconds, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string source, WebhookVerificationResult reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {DeliveryId} -> {RowId} (new: {IsNew})")]
    private static partial void LogStored(ILogger logger, string source, string eventType, string deliveryId, Guid rowId, bool isNew);
}
