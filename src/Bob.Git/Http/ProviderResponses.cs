using System.Net;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>Turns a provider's error responses into the typed exceptions of <see cref="GitProviderException"/>.</summary>
public static class ProviderResponses
{
    private const int MaxMessageLength = 300;

    /// <summary>Returns when the response is a success; otherwise throws the matching typed exception.</summary>
    /// <param name="response">The response (its body is read for the provider's message).</param>
    /// <param name="provider">Who answered.</param>
    /// <param name="operation">What was attempted, for the message ("create pull request").</param>
    /// <param name="timeProvider">The clock for rate-limit reset times.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, GitProvider provider, string operation, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = response.StatusCode;
        var name = provider.ToDisplayName();
        if ((int)status is >= 300 and < 400)
        {
            throw GitProviderException.InstanceNotAllowed(
                $"{name} answered {operation} with a redirect to {response.Headers.Location?.GetLeftPart(UriPartial.Authority) ?? "an unnamed location"}; redirects are not followed, so a token only ever goes to its own instance. Check the instance URL.",
                provider);
        }

        if (await ProviderRateLimit.IsRateLimitedAsync(response, cancellationToken).ConfigureAwait(false))
        {
            var now = timeProvider.GetUtcNow();
            var reset = ProviderRateLimit.ResetAt(response, now) ?? (status == HttpStatusCode.Forbidden ? now + ProviderRateLimit.SecondaryLimitDefaultWait : null);
            throw new GitProviderException(BobErrorKind.RateLimited, $"{name} rate limit reached during {operation}{(reset is { } r ? $"; it resets at {r:O}" : "")}.", provider, status) { ResetAt = reset };
        }

        var detail = await ReadMessageAsync(response, cancellationToken).ConfigureAwait(false);
        var message = $"{name} refused {operation}: {(int)status} {response.ReasonPhrase}{(detail is null ? "" : $" ({detail})")}.";
        throw status switch
        {
            HttpStatusCode.Unauthorized => new GitProviderException(BobErrorKind.Unauthorized, message, provider, status),
            HttpStatusCode.Forbidden => new GitProviderException(BobErrorKind.Forbidden, message, provider, status),
            HttpStatusCode.NotFound => new GitProviderException(BobErrorKind.NotFound, message, provider, status),
            HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotAcceptable or HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed =>
                new GitProviderException(BobErrorKind.Conflict, message, provider, status),
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => new GitProviderException(BobErrorKind.Rejected, message, provider, status),
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => new GitProviderException(BobErrorKind.Unavailable, message, provider, status),
            _ => new GitProviderException(BobErrorKind.Failed, message, provider, status),
        };
    }

    private static async Task<string?> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var parts = new List<string>();
            foreach (var property in new[] { "message", "error", "error_description" })
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value))
                {
                    parts.Add(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText());
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors))
            {
                parts.Add(errors.GetRawText());
            }

            return Trim(string.Join("; ", parts));
        }
        catch (JsonException)
        {
            return response.Content.Headers.ContentType?.MediaType == "text/plain" ? Trim(text) : null;
        }
    }

    private static string? Trim(string text) =>
        text.Length == 0 ? null : text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "…");
}
