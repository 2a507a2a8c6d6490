namespace Bob.Git.Abstractions;

/// <summary>The git remote could not be reached or failed (name resolution, connection refused, TLS, HTTP 5xx, timeout): try again later.</summary>
public sealed class GitRemoteUnavailableException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Unavailable;

    /// <inheritdoc />
    public override string Title => "The git remote could not be reached";

    /// <summary>Creates the exception with a generic message.</summary>
    public GitRemoteUnavailableException()
        : base("The git remote could not be reached.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitRemoteUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitRemoteUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
