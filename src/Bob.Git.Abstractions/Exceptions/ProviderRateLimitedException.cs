using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The provider's rate limit is exhausted (HTTP 429, or GitHub's rate-limit 403).</summary>
public class ProviderRateLimitedException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.RateLimited;

    /// <inheritdoc />
    public override string Title => "The provider's rate limit is exhausted";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="resetAt">When the provider says the limit resets, if it says.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="innerException">The underlying error.</param>
    public ProviderRateLimitedException(string message, DateTimeOffset? resetAt, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.TooManyRequests, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
        ResetAt = resetAt;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderRateLimitedException()
        : this("The git provider's rate limit is exhausted.", resetAt: null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderRateLimitedException(string message)
        : this(message, resetAt: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderRateLimitedException(string message, Exception innerException)
        : this(message, null, null, HttpStatusCode.TooManyRequests, innerException)
    {
    }

    /// <summary>When the limit resets, if the provider said.</summary>
    public DateTimeOffset? ResetAt { get; }
}
