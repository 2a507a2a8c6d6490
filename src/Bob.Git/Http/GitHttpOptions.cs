namespace Bob.Git;

/// <summary>How provider requests are retried and timed out (configured through <c>AddBobGit().ConfigureHttp(...)</c>).</summary>
public sealed class GitHttpOptions
{
    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay, doubled per retry with jitter, when the provider names no time. Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait honoured before a retry. When a rate limit resets later than this, the request is not retried and
    /// fails with <c>GitProviderException (kind RateLimited)</c> carrying the reset time. Default 10 s.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The timeout of one attempt. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The timeout of a request with all its retries. Default 2 min.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
