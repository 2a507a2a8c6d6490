namespace Bob.Git.Abstractions;

/// <summary>A remote URL, instance URL, owner or repository name is not valid. The message says what is wrong and never contains credentials.</summary>
public sealed class InvalidRemoteUrlException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public InvalidRemoteUrlException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public InvalidRemoteUrlException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidRemoteUrlException()
        : base("The remote URL is not valid.")
    {
    }
}
