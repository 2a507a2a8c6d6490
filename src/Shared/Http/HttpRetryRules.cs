using System.Net;

namespace Bob.Http;

/// <summary>
/// What one of the suite's HTTP clients retries and how long it waits (see <see cref="HttpRetryPipeline"/>). The defaults
/// are the rules every client shares: connection failures, attempt timeouts, 408 and 5xx are retried when the request may
/// be repeated (safe methods by default); 429 is retried whatever the method (the service did not process it), after the
/// time it names (<c>Retry-After</c>) when that is within <see cref="MaxRetryDelay"/>; nothing else is.
/// </summary>
/// <remarks>Compiled into each package that sends HTTP requests (Bob.Git, Bob.Tasks, Bob.Notifications); internal.</remarks>
internal sealed class HttpRetryRules
{
    /// <summary>Retries after the first attempt; 0 sends each request once.</summary>
    public required int MaxRetries { get; init; }

    /// <summary>The first backoff delay, doubled per retry with jitter, when the service names no time.</summary>
    public required TimeSpan BaseDelay { get; init; }

    /// <summary>The longest wait for one attempt, or <see langword="null"/> for none.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>The longest wait for a call, retries and their delays included, or <see langword="null"/> for none.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>The longest wait a service may ask for; a rate limit that lasts longer fails at once instead.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a request that failed or got a 408/5xx may be sent again (by default: GET, HEAD, OPTIONS, PUT, DELETE, PATCH).</summary>
    public Func<HttpRequestMessage, bool> MayRepeat { get; init; } = IsSafeToRepeat;

    /// <summary>Whether an answer says "slow down" (by default a 429); such a request is retried whatever its method.</summary>
    public Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> IsRateLimited { get; init; } =
        static (response, _) => ValueTask.FromResult(response.StatusCode == HttpStatusCode.TooManyRequests);

    /// <summary>How long the service asks to wait before the next attempt, given the time now (by default its <c>Retry-After</c>).</summary>
    public Func<HttpResponseMessage, DateTimeOffset, TimeSpan?> RequestedDelay { get; init; } = RetryAfter;

    /// <summary>Whether a failure must never be retried (a refused address, say).</summary>
    public Func<Exception, bool> IsFinal { get; init; } = static _ => false;

    /// <summary>GET, HEAD, OPTIONS, PUT, DELETE and PATCH: the methods the suite's clients send only in idempotent ways.</summary>
    public static bool IsSafeToRepeat(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options
            || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Patch);

    /// <summary>The answer's <c>Retry-After</c> (seconds or a date) as a delay from <paramref name="now"/>; never negative.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta > TimeSpan.Zero ? delta : TimeSpan.Zero,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
