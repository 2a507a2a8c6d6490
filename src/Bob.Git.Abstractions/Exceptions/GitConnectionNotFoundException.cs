namespace Bob.Git.Abstractions;

/// <summary>The provider connection does not exist, belongs to another user, or was revoked.</summary>
public sealed class GitConnectionNotFoundException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>Creates the exception for a connection id.</summary>
    public GitConnectionNotFoundException(Guid connectionId)
        : base($"Connection {connectionId} was not found or has been revoked.")
    {
        ConnectionId = connectionId;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitConnectionNotFoundException()
        : base("The connection was not found or has been revoked.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitConnectionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitConnectionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The connection id asked for.</summary>
    public Guid? ConnectionId { get; }
}
