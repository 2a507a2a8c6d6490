namespace Bob.Git.Abstractions;

/// <summary>The remote refused a push because the branch moved on it (not a fast-forward): fetch and rebase, then push again.</summary>
public sealed class GitPushRejectedException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "The remote rejected the push";

    /// <summary>Creates the exception with a generic message.</summary>
    public GitPushRejectedException()
        : base("The remote rejected the push: the branch has commits the push does not have.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitPushRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitPushRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
