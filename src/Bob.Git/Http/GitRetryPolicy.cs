using System.Net;
using Bob.Http;

namespace Bob.Git;

/// <summary>
/// What the provider clients retry (<see cref="HttpRetryRules"/> with the providers' rate limits): 5xx, 408, timeouts
/// and connection failures for requests that are safe to repeat (or marked with <see cref="GitHttpClient.RetryUnsafeMethod"/>);
/// 429 and GitHub's rate-limit 403s for any request (the provider did not process it), after the time the provider names
/// (<c>Retry-After</c>, <c>x-ratelimit-reset</c>, <c>RateLimit-Reset</c>) when that is within
/// <see cref="GitHttpOptions.MaxRetryDelay"/>. Never other 4xx, and never a refused instance address.
/// </summary>
internal static class GitRetryPolicy
{
    public static HttpRetryRules Create(GitHttpOptions options) => new()
    {
        MaxRetries = options.MaxRetries,
        BaseDelay = options.BaseDelay,
        AttemptTimeout = options.AttemptTimeout,
        TotalTimeout = options.TotalTimeout,
        MaxRetryDelay = options.MaxRetryDelay,
        MayRepeat = static request => HttpRetryRules.IsSafeToRepeat(request)
            || (request.Options.TryGetValue(GitHttpClient.RetryUnsafeMethod, out var unsafeOk) && unsafeOk),
        IsRateLimited = ProviderRateLimit.IsRateLimitedAsync,
        RequestedDelay = RateLimitDelay,
        IsFinal = static exception => ProviderTransport.FindRefusal(exception) is not null,
    };

    private static TimeSpan? RateLimitDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden))
        {
            return null; // a 5xx's Retry-After is not waited for: the backoff is
        }

        if (ProviderRateLimit.ResetAt(response, now) is { } reset)
        {
            return reset > now ? reset - now : TimeSpan.Zero;
        }

        // GitHub: a secondary limit that names no time means "wait at least one minute"; a bare 429 gets the backoff.
        return response.StatusCode == HttpStatusCode.Forbidden ? ProviderRateLimit.SecondaryLimitDefaultWait : null;
    }
}
