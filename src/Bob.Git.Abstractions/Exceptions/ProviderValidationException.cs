using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The provider rejected the request's content (HTTP 422).</summary>
public class ProviderValidationException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Rejected;

    /// <inheritdoc />
    public override string Title => "The provider rejected the request";

    /// <summary>Creates the exception.</summary>
    public ProviderValidationException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.UnprocessableEntity, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderValidationException()
        : this("The git provider rejected the request.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderValidationException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderValidationException(string message, Exception innerException)
        : this(message, null, HttpStatusCode.UnprocessableEntity, innerException)
    {
    }
}
