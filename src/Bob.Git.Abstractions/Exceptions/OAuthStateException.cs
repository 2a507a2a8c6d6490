namespace Bob.Git.Abstractions;

/// <summary>An OAuth callback carries a state that is unknown, already used, expired, or for another provider.</summary>
public sealed class OAuthStateException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception with a message that never repeats the state.</summary>
    public OAuthStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public OAuthStateException()
        : base("The authorization state is not valid.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OAuthStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
