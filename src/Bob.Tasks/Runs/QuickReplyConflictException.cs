using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>The same <c>clientInputId</c> was sent with another text.</summary>
public sealed class QuickReplyConflictException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <summary>Creates the exception.</summary>
    public QuickReplyConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public QuickReplyConflictException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public QuickReplyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
