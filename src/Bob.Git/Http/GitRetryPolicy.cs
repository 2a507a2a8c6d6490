using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Bob.Git;

/// <summary>
/// What the provider clients retry: 5xx, 408, timeouts and connection failures for requests that are safe to repeat;
/// 429 and GitHub's rate-limit 403s for any request (the provider did not process it), after the time the provider names
/// (<c>Retry-After</c>, <c>x-ratelimit-reset</c>, <c>RateLimit-Reset</c>) when that is within
/// <see cref="GitHttpOptions.MaxRetryDelay"/>. Never other 4xx, and never a refused instance address.
/// </summary>
internal static class GitRetryPolicy
{
    public static HttpRetryStrategyOptions Create(GitHttpOptions options, TimeProvider timeProvider) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = false,
        ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context, options, timeProvider),
        DelayGenerator = args => ValueTask.FromResult(ProviderDelay(args.Outcome, timeProvider)),
    };

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context, GitHttpOptions options, TimeProvider timeProvider)
    {
        var request = context.GetRequestMessage();
        if (outcome.Exception is { } exception)
        {
            if (ProviderTransport.FindRefusal(exception) is not null || context.CancellationToken.IsCancellationRequested)
            {
                return false;
            }

            return exception is HttpRequestException or TimeoutRejectedException && IsSafeToRepeat(request);
        }

        var response = outcome.Result!;
        if (await ProviderRateLimit.IsRateLimitedAsync(response, context.CancellationToken).ConfigureAwait(false))
        {
            var delay = RateLimitDelay(response, timeProvider);
            return delay is null || delay <= options.MaxRetryDelay;
        }

        return (response.StatusCode == HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500) && IsSafeToRepeat(request);
    }

    private static TimeSpan? ProviderDelay(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider) =>
        outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden } response
            ? RateLimitDelay(response, timeProvider)
            : null;

    private static TimeSpan? RateLimitDelay(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var now = timeProvider.GetUtcNow();
        if (ProviderRateLimit.ResetAt(response, now) is { } reset)
        {
            return reset > now ? reset - now : TimeSpan.Zero;
        }

        // GitHub: a secondary limit that names no time means "wait at least one minute"; a bare 429 gets the backoff.
        return response.StatusCode == HttpStatusCode.Forbidden ? ProviderRateLimit.SecondaryLimitDefaultWait : null;
    }

    private static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Patch
            || (request.Options.TryGetValue(GitHttpClient.RetryUnsafeMethod, out var unsafeOk) && unsafeOk));
}
