using System.Text.Json;

namespace Bob.Webhooks;

// What the receiver reads of a body and of a refusal: the JSON envelope, the content type, the reason.
public partial class WebhookReceiver
{
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
}
