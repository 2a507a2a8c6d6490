namespace Bob.Git.Abstractions;

/// <summary>
/// The one base of the suite's exceptions: every failure the packages report says its <see cref="Kind"/> (what the caller
/// can do, and what an HTTP edge answers) and whether it <see cref="IsTransient"/> (the same call may succeed later: a
/// worker retries it, anything else dead-letters or reports it). Messages never carry secrets.
/// </summary>
public abstract class BobException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    protected BobException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    protected BobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    protected BobException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What kind of failure it is.</summary>
    public abstract BobErrorKind Kind { get; }

    /// <summary>What went wrong in a few words, for a problem's title (by default, the kind's).</summary>
    public virtual string Title => Kind switch
    {
        BobErrorKind.Invalid => "Bad request",
        BobErrorKind.NotFound => "Not found",
        BobErrorKind.Conflict => "Conflict",
        BobErrorKind.Unauthorized => "The credential was refused",
        BobErrorKind.Forbidden => "Forbidden",
        BobErrorKind.Rejected => "Rejected",
        BobErrorKind.RateLimited => "Rate limit exhausted",
        BobErrorKind.Unavailable => "A dependency could not be reached",
        BobErrorKind.Failed => "A dependency failed",
        _ => "Internal error",
    };

    /// <summary>Whether the same call may succeed later (by default: <see cref="BobErrorKind.Unavailable"/> and <see cref="BobErrorKind.RateLimited"/>).</summary>
    public virtual bool IsTransient => Kind is BobErrorKind.Unavailable or BobErrorKind.RateLimited;
}
