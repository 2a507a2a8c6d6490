namespace Bob.Git.Abstractions;

/// <summary>A connection cannot serve a repository: it is on another provider instance, revoked, or needs authorizing again.</summary>
public sealed class GitConnectionMismatchException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception with a message that names the instances, never a token.</summary>
    public GitConnectionMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitConnectionMismatchException()
        : base("The connection cannot serve this repository.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitConnectionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
