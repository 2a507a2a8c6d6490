using Bob.Webhooks.Internal;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Webhooks;

/// <summary>
/// Receives one delivery: reads the body under the size limit, verifies it over the raw bytes, checks headers and JSON,
/// stores it durably and answers, all before any processing.
/// </summary>
internal sealed partial class WebhookIngestion(
    WebhookVerifiers verifiers,
    BodyBudget budget,
    IWebhookDeliveryStore store,
    IWebhookProcessor processor,
    LocalDeliveryHandoff handoff,
    TimeProvider timeProvider,
    IOptions<BobWebhooksOptions> options,
    IOptions<WebhookWorkerOptions> workerOptions,
    ILogger<WebhookIngestion> logger)
{
    private static readonly HashSet<string> NeverStored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Proxy-Authorization", "X-Api-Key",
    };

    public async Task<IResult> HandleAsync(WebhookSource source, HttpContext context)
    {
        var maxBytes = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        // The headers first: a delivery without a well-formed, fresh signature is refused before a byte of its body is read.
        var headers = new RequestHeaders(context.Request.Headers);
        var verifier = verifiers.For(source);
        var verification = verifier.Begin(headers, out var check);
        if (verification != WebhookVerificationResult.Valid || check is null)
        {
            return await RefuseAsync(source, verification, context.RequestAborted);
        }

        // Until the signature is proven, bodies are held within a budget shared by all requests (BodyBudget).
        var declared = context.Request.ContentLength ?? 0;
        if (declared > 0 && !await budget.ReserveAsync(declared, BudgetWait, context.RequestAborted))
        {
            check.Dispose();
            return Busy(context);
        }

        byte[] body;
        using (check)
        {
            using var pooled = new PooledBody(budget, declared);
            try
            {
                switch (await ReadBodyAsync(context.Request.BodyReader, maxBytes, check, pooled, context.RequestAborted))
                {
                    case ReadOutcome.TooLarge:
                        return TooLarge(maxBytes);
                    case ReadOutcome.OverBudget:
                        return Busy(context);
                }
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(maxBytes);
            }

            verification = check.Complete();
            if (verification != WebhookVerificationResult.Valid)
            {
                return await RefuseAsync(source, verification, context.RequestAborted);
            }

            // Verified: the one copy the store and the worker share.
            body = pooled.ToArray();
        }

        return await HandleVerifiedAsync(source, context, verifier, headers, body);
    }

    private async Task<IResult> RefuseAsync(WebhookSource source, WebhookVerificationResult verification, CancellationToken cancellationToken)
    {
        LogRejected(logger, source, verification);
        await store.RecordRejectionAsync(source, verification, cancellationToken);
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Webhook signature not accepted",
            detail: Explain(source, verification));
    }

    private async Task<IResult> HandleVerifiedAsync(WebhookSource source, HttpContext context, WebhookSignatureVerifier verifier, RequestHeaders headers, byte[] body)
    {
        if (!IsJson(context.Request.ContentType))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Webhook bodies are JSON",
                detail: "Send the webhook with Content-Type application/json (in the provider's webhook settings, content type application/json, not form).");
        }

        var eventType = WebhookSourceDescriptor.EventType(source, headers);
        if (string.IsNullOrWhiteSpace(eventType) || eventType.Length > 50)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Missing event header",
                detail: $"The {WebhookSourceDescriptor.EventHeader(source)} header is required (at most 50 characters).");
        }

        var deliveryId = WebhookSourceDescriptor.DeliveryId(source, headers);
        if (string.IsNullOrWhiteSpace(deliveryId) || deliveryId.Length > 200)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Missing delivery header",
                detail: $"A delivery id header is required for {source.ToWireName()} webhooks (at most 200 characters).");
        }

        if (!TryReadEnvelope(body, out var action, out var jsonError))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not a JSON object", detail: jsonError);
        }

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Headers)
        {
            if (!NeverStored.Contains(name) && !verifier.SecretHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                stored[name.ToLowerInvariant()] = value.ToString();
            }
        }

        // A delivery to process is leased in its INSERT to this host's worker, which gets it from memory (see LocalDeliveryHandoff).
        var needsProcessing = processor.Handles(source, eventType);
        var worker = needsProcessing ? handoff.TryReserve() : null;
        var claim = worker is null ? null : new WebhookClaim(worker, timeProvider.GetUtcNow() + workerOptions.Value.Lease);
        Guid id;
        bool isNew;
        try
        {
            (id, isNew) = await store.StoreAsync(
                new WebhookDelivery(source, deliveryId, eventType, action, stored, body, needsProcessing, claim, verifier.ReplayKey(headers)),
                context.RequestAborted);
        }
        catch (Exception ex)
        {
            if (claim is not null)
            {
                handoff.Release();
            }

            if (ex is InvalidWebhookPayloadException invalid)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not a JSON object", detail: invalid.Message);
            }

            throw;
        }

        if (claim is not null)
        {
            if (isNew)
            {
                handoff.Publish(new ClaimedDelivery(id, source, eventType, deliveryId, body, Failures: 0));
            }
            else
            {
                handoff.Release();
            }
        }

        LogStored(logger, source, eventType, deliveryId, id, isNew);
        return isNew
            ? Results.Json(new WebhookAcceptedResponse(id, Duplicate: false), WebhookJsonContext.Default.WebhookAcceptedResponse, statusCode: StatusCodes.Status202Accepted)
            : Results.Json(new WebhookAcceptedResponse(id, Duplicate: true), WebhookJsonContext.Default.WebhookAcceptedResponse, statusCode: StatusCodes.Status200OK);
    }

    /// <summary>
    /// Reads the body as it arrives, feeding each part to the signature check and keeping it in <paramref name="body"/>, and
    /// releasing the transport's buffers at once; <see langword="false"/> when it exceeds <paramref name="maxBytes"/>.
    /// </summary>
    private static async Task<ReadOutcome> ReadBodyAsync(PipeReader reader, long maxBytes, WebhookSignatureCheck check, PooledBody body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (body.Length + buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return ReadOutcome.TooLarge;
            }

            foreach (var segment in buffer)
            {
                if (!body.TryAppend(segment.Span))
                {
                    reader.AdvanceTo(buffer.End);
                    return ReadOutcome.OverBudget;
                }

                check.Append(segment.Span);
            }

            reader.AdvanceTo(buffer.End);
            if (result.IsCompleted)
            {
                return ReadOutcome.Read;
            }
        }
    }

    private enum ReadOutcome
    {
        Read,
        TooLarge,
        OverBudget,
    }

    /// <summary>How long a request waits for room in the body budget before it is answered 503 (GitHub waits 10 s for an answer).</summary>
    private static readonly TimeSpan BudgetWait = TimeSpan.FromSeconds(5);

    private static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many large deliveries at once",
            detail: "The host is reading as many unverified bodies as its budget allows (Webhooks:MaxBufferedBodyBytes); send it again shortly.");
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
                        action = value is { Length: <= 50 } && !Bob.Git.Abstractions.TextRules.HasControlCharacters(value) ? value : null; // a label for lists, never a reason to refuse
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

    private static IResult TooLarge(long maxBytes) => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Payload too large",
        detail: $"Webhook bodies are limited to {maxBytes} bytes.");

    private static string Explain(WebhookSource source, WebhookVerificationResult result) => result switch
    {
        WebhookVerificationResult.NotConfigured => $"No secret is configured for {source.ToWireName()} webhooks (Webhooks__{source}__Secret), so none are accepted.",
        WebhookVerificationResult.MissingSignature => "The delivery carries no signature or token.",
        WebhookVerificationResult.LegacySha1Only => "Only the SHA-1 X-Hub-Signature was sent; X-Hub-Signature-256 is required.",
        WebhookVerificationResult.MalformedSignature => "The signature header is not in the documented format.",
        WebhookVerificationResult.TimestampOutOfRange => "The timestamp is missing or too far from now.",
        _ => "The signature or token does not match.",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} webhook: {Reason}")]
    private static partial void LogRejected(ILogger logger, WebhookSource source, WebhookVerificationResult reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Source} {EventType} delivery {DeliveryId} -> {RowId} (new: {IsNew})")]
    private static partial void LogStored(ILogger logger, WebhookSource source, string eventType, string deliveryId, Guid rowId, bool isNew);

    private sealed class RequestHeaders(IHeaderDictionary headers) : IWebhookHeaders
    {
        public string? Get(string name) => headers.TryGetValue(name, out var value) ? value.ToString() : null;
    }
}
