using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The provider could not be reached or answered with a server error or timeout, after retries.</summary>
public class ProviderUnavailableException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Unavailable;

    /// <summary>Creates the exception.</summary>
    public ProviderUnavailableException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderUnavailableException()
        : this("The git provider is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderUnavailableException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderUnavailableException(string message, Exception innerException)
        : this(message, null, null, innerException)
    {
    }
}
