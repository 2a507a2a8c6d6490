using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The repository, pull request or user does not exist, or the token cannot see it (HTTP 404).</summary>
public class ProviderNotFoundException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <inheritdoc />
    public override string Title => "Not found at the provider";

    /// <summary>Creates the exception.</summary>
    public ProviderNotFoundException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.NotFound, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderNotFoundException()
        : this("The git provider did not find the resource.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderNotFoundException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderNotFoundException(string message, Exception innerException)
        : this(message, null, HttpStatusCode.NotFound, innerException)
    {
    }
}
