using System.Net;

namespace Bob.Git.Abstractions;

/// <summary>The request conflicts with the resource's state: not mergeable, head moved, already exists (HTTP 405, 406, 409).</summary>
public class ProviderConflictException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "The provider reported a conflict";

    /// <summary>Creates the exception.</summary>
    public ProviderConflictException(string message, GitProvider? provider = null, HttpStatusCode? statusCode = HttpStatusCode.Conflict, Exception? innerException = null)
        : base(message, provider, statusCode, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProviderConflictException()
        : this("The request conflicts with the resource's state.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProviderConflictException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProviderConflictException(string message, Exception innerException)
        : this(message, null, HttpStatusCode.Conflict, innerException)
    {
    }
}
