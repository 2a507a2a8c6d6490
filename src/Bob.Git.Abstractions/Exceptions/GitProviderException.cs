using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>
/// A git provider's API (or the suite's guard in front of it) refused or failed a request. <see cref="BobException.Kind"/> says
/// how: the token was refused (<see cref="BobErrorKind.Unauthorized"/>), the operation was forbidden to it, the resource was not
/// found, the provider reported a conflict or rejected the content (<see cref="BobErrorKind.Rejected"/>, which is also an
/// instance URL the SSRF guard refuses: <see cref="IsInstanceNotAllowed"/>), the rate limit is exhausted until
/// <see cref="ResetAt"/>, the provider could not be reached (<see cref="BobErrorKind.Unavailable"/>), or it failed otherwise.
/// Messages never carry a token.
/// </summary>
public class GitProviderException : BobException
{
    private readonly BobErrorKind _kind = BobErrorKind.Failed;

    /// <summary>Creates the exception for a failure of a kind.</summary>
    /// <param name="kind">How the provider refused or failed the request.</param>
    /// <param name="message">What failed; never a token.</param>
    /// <param name="provider">The provider, if known.</param>
    /// <param name="statusCode">The HTTP status the provider answered, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GitProviderException(BobErrorKind kind, string message, GitProvider? provider = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        _kind = kind;
        Provider = provider;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitProviderException()
        : base("The git provider request failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The provider, if known.</summary>
    public GitProvider? Provider { get; }

    /// <summary>The HTTP status the provider answered, if any.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>When the exhausted rate limit resets, if the provider said (a <see cref="BobErrorKind.RateLimited"/> failure).</summary>
    public DateTimeOffset? ResetAt { get; init; }

    /// <summary>Whether the suite's SSRF guard refused the instance URL (nothing was sent).</summary>
    public bool IsInstanceNotAllowed { get; init; }

    /// <inheritdoc />
    public override BobErrorKind Kind => _kind;

    /// <inheritdoc />
    public override string Title => Kind switch
    {
        _ when IsInstanceNotAllowed => "Instance URL not allowed",
        BobErrorKind.Unauthorized => "The provider rejected the token",
        BobErrorKind.Forbidden => "The provider refused the operation",
        BobErrorKind.NotFound => "Not found at the provider",
        BobErrorKind.Conflict => "The provider reported a conflict",
        BobErrorKind.Rejected => "The provider rejected the request",
        BobErrorKind.RateLimited => "The provider's rate limit is exhausted",
        BobErrorKind.Failed => "The provider failed",
        _ => base.Title,
    };

    /// <summary>The SSRF guard's refusal of an instance URL (<see cref="BobErrorKind.Rejected"/>; nothing was sent).</summary>
    /// <param name="message">Which URL was refused and why (the rule, not the resolved addresses).</param>
    /// <param name="provider">The provider, if known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public static GitProviderException InstanceNotAllowed(string message, GitProvider? provider = null, Exception? innerException = null) =>
        new(BobErrorKind.Rejected, message, provider, null, innerException) { IsInstanceNotAllowed = true };
}
