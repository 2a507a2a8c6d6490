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
    private readonly WebhookHookVerifiers? _hooks;
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
        StoreOutage? outage = null,
        WebhookHookVerifiers? hooks = null)
    {
        _hooks = hooks;
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
        // A delivery through a hook Bob made is checked with that hook's own secret; any other with the source's shared one.
        var hook = _hooks is null ? null : await _hooks.FindAsync(source, request, cancellationToken);
        var verifier = hook?.Verifier ?? _verifiers.For(source.Name);
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
            if (verification == WebhookVerificationResult.InvalidSignature && hook is not null
                && await _hooks!.RecheckAsync(source, request, verifier, cancellationToken) is { } changed)
            {
                // The hook's secret changed on another host (a rotation, a hook made again): check against what it is now.
                verification = changed.Verifier.Verify(request, pooled.ToArray());
                (verifier, hook) = (changed.Verifier, changed);
            }

            if (verification != WebhookVerificationResult.Valid)
            {
                return Refuse(source, verification);
            }

            // Verified: the one copy the store and the worker share.
            body = pooled.ToArray();
        }

        return await StoreVerifiedAsync(request, source, verifier, hook?.HookId, body, cancellationToken);
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

    private async Task<WebhookReceipt> StoreVerifiedAsync(WebhookRequest request, WebhookSourceDefinition source, WebhookSignatureVerifier verifier, Guid? hookId, byte[] body, CancellationToken cancellationToken)
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
                new WebhookDelivery(source.Name, deliveryId, eventType, action, stored, body, needsProcessing, claim, verifier.ReplayKey(request), hookId),
                cancellationToken);
        }
        catch (Exception ex)
        {
            if (claim is not null)
            {
                _handoff.Release();
            }

            if (ex is BobValidationException { Field: BobValidationException.BodyField } invalid)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached (a {Source} delivery could not be stored): requests that need it are answered 503 until it answers again (logged once per outage)")]
    private static partial void LogStoreUnavailable(ILogger logger, string source, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again after {Seconds:0.0} s; {Refused} requests were answered 503 meanwhile")]
    private static partial void LogStoreBack(ILogger logger, double seconds, int refused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, string source, WebhookVerificationResult reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {DeliveryId} -> {RowId} (new: {IsNew})")]
    private static partial void LogStored(ILogger logger, string source, string eventType, string deliveryId, Guid rowId, bool isNew);
}
