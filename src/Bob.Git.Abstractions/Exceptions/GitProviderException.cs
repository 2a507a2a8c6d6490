using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>A git provider refused or failed a request. Subclasses say why; messages never contain tokens.</summary>
public class GitProviderException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Failed;

    /// <inheritdoc />
    public override string Title => "The provider failed";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong, without secrets.</param>
    /// <param name="provider">The provider that answered.</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="innerException">The underlying error.</param>
    public GitProviderException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
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

    /// <summary>The provider that answered, when known.</summary>
    public GitProvider? Provider { get; }

    /// <summary>The HTTP status code, when there was a response.</summary>
    public HttpStatusCode? StatusCode { get; }
}
