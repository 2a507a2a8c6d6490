namespace Bob.Git.Abstractions;

/// <summary>
/// The provider refused to refresh the connection's tokens for good (<c>invalid_grant</c> and its kin: the grant was
/// revoked, expired or already used). The connection is marked, and the user must connect again.
/// </summary>
public sealed class GitConnectionReauthorizationRequiredException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "Connection must be authorized again";

    /// <summary>Creates the exception.</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="reason">The provider's error code and description, never a token.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="innerException">The underlying error.</param>
    public GitConnectionReauthorizationRequiredException(Guid connectionId, string reason, GitProvider? provider = null, Exception? innerException = null)
        : base(BobErrorKind.Conflict, $"Connection {connectionId} must be authorized again: {reason}", provider, null, innerException)
    {
        ConnectionId = connectionId;
        Reason = reason;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitConnectionReauthorizationRequiredException()
        : base("The connection must be authorized again.")
    {
        Reason = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitConnectionReauthorizationRequiredException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitConnectionReauthorizationRequiredException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The connection, when known.</summary>
    public Guid? ConnectionId { get; }

    /// <summary>What the provider said.</summary>
    public string Reason { get; }
}
