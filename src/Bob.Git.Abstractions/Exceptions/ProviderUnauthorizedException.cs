using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The token is missing, expired, revoked or otherwise not accepted (HTTP 401, or an OAuth <c>invalid_grant</c>).</summary>
public class ProviderUnauthorizedException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Unauthorized;

    /// <inheritdoc />
    public override string Title => "The provider rejected the token";

    /// <summary>Creates the exception.</summary>
    public ProviderUnauthorizedException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.Unauthorized, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderUnauthorizedException()
        : this("The git provider did not accept the token.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderUnauthorizedException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderUnauthorizedException(string message, Exception innerException)
        : this(message, null, HttpStatusCode.Unauthorized, innerException)
    {
    }
}
