namespace Bob.Git.Abstractions;

/// <summary>
/// What was asked for conflicts with the state of things (<see cref="BobErrorKind.Conflict"/>): a quick reply's id used with
/// another text, a repository that needs a provider connection first. The message says what to do; <see cref="Title"/> names
/// the conflict in a few words.
/// </summary>
public sealed class BobConflictException : BobException
{
    private readonly string? _title;

    /// <summary>Creates the exception with a message and a short title.</summary>
    /// <param name="message">What conflicts and what to do about it.</param>
    /// <param name="title">The conflict in a few words (a problem's title); <see langword="null"/> for "Conflict".</param>
    /// <param name="innerException">The cause, if any.</param>
    public BobConflictException(string message, string? title, Exception? innerException = null)
        : base(message, innerException)
    {
        _title = title;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BobConflictException()
        : base("The request conflicts with the state of things.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BobConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BobConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => _title ?? base.Title;
}
