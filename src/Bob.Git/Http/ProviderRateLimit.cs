using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Bob.Git;

/// <summary>Reads rate-limit answers: HTTP 429, GitHub's rate-limit 403s, and when each provider says to come back.</summary>
public static class ProviderRateLimit
{
    /// <summary>How long GitHub asks to wait after a secondary rate limit that names no time ("at least one minute").</summary>
    public static readonly TimeSpan SecondaryLimitDefaultWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the response is a rate-limit refusal: 429, or a 403 with <c>x-ratelimit-remaining: 0</c>, a
    /// <c>Retry-After</c>, or GitHub's "rate limit" message (primary and secondary limits). Buffers a 403's body to read it.
    /// </summary>
    public static async ValueTask<bool> IsRateLimitedAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        if (response.StatusCode != HttpStatusCode.Forbidden)
        {
            return false;
        }

        if (Header(response.Headers, "x-ratelimit-remaining") == "0" || response.Headers.RetryAfter is not null)
        {
            return true;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Contains("rate limit", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// When the provider says the limit resets: <c>Retry-After</c> (seconds or a date), GitHub's <c>x-ratelimit-reset</c>
    /// and GitLab's <c>RateLimit-Reset</c> (Unix seconds); <see langword="null"/> when it names no time.
    /// </summary>
    public static DateTimeOffset? ResetAt(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return now + delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date;
            }
        }

        foreach (var name in new[] { "x-ratelimit-reset", "RateLimit-Reset" })
        {
            if (long.TryParse(Header(response.Headers, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                // Unix seconds, as GitHub and GitLab send; a small number is a delta in seconds (IETF RateLimit fields).
                return value > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(value) : now + TimeSpan.FromSeconds(value);
            }
        }

        return null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
