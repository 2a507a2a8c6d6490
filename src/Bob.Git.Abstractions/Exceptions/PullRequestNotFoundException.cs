namespace Bob.Git.Abstractions;

/// <summary>The pull request does not exist, or the user registered no repository it belongs to.</summary>
public sealed class PullRequestNotFoundException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.NotFound;

    /// <summary>Creates the exception with a generic message.</summary>
    public PullRequestNotFoundException()
        : base("The pull request was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PullRequestNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public PullRequestNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
