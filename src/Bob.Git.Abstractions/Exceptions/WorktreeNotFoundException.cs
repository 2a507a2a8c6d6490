namespace Bob.Git.Abstractions;

/// <summary>The worktree does not exist, belongs to another user, or is not the session's.</summary>
public sealed class WorktreeNotFoundException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>Creates the exception with a generic message.</summary>
    public WorktreeNotFoundException()
        : base("The worktree was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WorktreeNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public WorktreeNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
