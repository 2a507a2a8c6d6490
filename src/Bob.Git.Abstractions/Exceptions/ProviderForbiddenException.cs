using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The token is valid but may not do this (HTTP 403 that is not a rate limit).</summary>
public class ProviderForbiddenException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Forbidden;

    /// <inheritdoc />
    public override string Title => "The provider refused the operation";

    /// <summary>Creates the exception.</summary>
    public ProviderForbiddenException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.Forbidden, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderForbiddenException()
        : this("The token may not perform this operation.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderForbiddenException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderForbiddenException(string message, Exception innerException)
        : this(message, null, HttpStatusCode.Forbidden, innerException)
    {
    }
}
