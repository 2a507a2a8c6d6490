namespace Bob.Git.Abstractions;

/// <summary>The git remote refused the connection's token (HTTP 401 or 403 on a git request): the connection must be authorized again.</summary>
public sealed class GitRemoteAuthenticationException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "The remote refused the connection's token";

    /// <summary>Creates the exception for the connection whose token the remote refused.</summary>
    public GitRemoteAuthenticationException(string message, Guid? connectionId)
        : base(message)
    {
        ConnectionId = connectionId;
    }

    /// <summary>The connection whose token was refused, if the request used one.</summary>
    public Guid? ConnectionId { get; }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitRemoteAuthenticationException()
        : base("The git remote refused the connection's credentials.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitRemoteAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitRemoteAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
