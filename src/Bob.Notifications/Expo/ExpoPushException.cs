using Bob.Git.Abstractions;

namespace Bob.Notifications;

/// <summary>
/// Expo refused a request (not one recipient), answered with something that is not its API's shape, or a message is over
/// Expo's size limit before anything was sent (<see cref="Code"/> <see cref="MessageTooBig"/>, <see cref="BobErrorKind.Invalid"/>).
/// </summary>
public sealed class ExpoPushException : BobException
{
    /// <summary>Expo's error code for a message over 4096 bytes; the client checks it before sending.</summary>
    public const string MessageTooBig = "MessageTooBig";

    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message, int? statusCode, string? code = null)
        : base(message) => (StatusCode, Code) = (statusCode, code);

    /// <summary>Creates the exception.</summary>
    public ExpoPushException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoPushException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Expo's status code, if it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>Expo's error code (<c>PUSH_TOO_MANY_EXPERIENCE_IDS</c>, <c>TOO_MANY_REQUESTS</c>, ...), if it gave one.</summary>
    public string? Code { get; }

    /// <inheritdoc />
    public override BobErrorKind Kind => StatusCode switch
    {
        _ when Code == MessageTooBig => BobErrorKind.Invalid,
        429 => BobErrorKind.RateLimited,
        null or >= 500 => BobErrorKind.Unavailable,
        _ => BobErrorKind.Rejected,
    };
}
