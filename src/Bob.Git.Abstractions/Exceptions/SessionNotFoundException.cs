namespace Bob.Git.Abstractions;

/// <summary>The session does not exist or belongs to another user.</summary>
public sealed class SessionNotFoundException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>Creates the exception with a generic message.</summary>
    public SessionNotFoundException()
        : base("The session was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SessionNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SessionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
