using Bob.Git.Abstractions;

namespace Bob.Notifications;

/// <summary>Expo refused a request (not one recipient), or answered with something that is not its API's shape.</summary>
public sealed class ExpoPushException : BobException
{
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

    /// <summary>Whether trying again later may succeed (429, 5xx, no answer).</summary>
    public override bool IsTransient => StatusCode is null or 429 or >= 500;

    /// <inheritdoc />
    public override BobErrorKind Kind => StatusCode switch
    {
        429 => BobErrorKind.RateLimited,
        null or >= 500 => BobErrorKind.Unavailable,
        _ => BobErrorKind.Rejected,
    };
}
