using System.Net;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// A Kanbanger call failed: refused (4xx; the message says why, never the token), failing (5xx), rate limited (429) or not
/// reached (no <see cref="StatusCode"/>). The last three are <see cref="BobException.IsTransient"/>.
/// </summary>
public sealed class KanbangerRequestException : BobException
{
    /// <summary>Creates the exception.</summary>
    public KanbangerRequestException(string message, HttpStatusCode? statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>Creates the exception with a generic message.</summary>
    public KanbangerRequestException()
        : base("Kanbanger refused the request.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KanbangerRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public KanbangerRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Kanbanger's status code, if it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <inheritdoc />
    public override BobErrorKind Kind => StatusCode switch
    {
        null or HttpStatusCode.RequestTimeout => BobErrorKind.Unavailable,
        HttpStatusCode.TooManyRequests => BobErrorKind.RateLimited,
        HttpStatusCode.NotFound => BobErrorKind.NotFound,
        HttpStatusCode.Unauthorized => BobErrorKind.Unauthorized,
        HttpStatusCode.Forbidden => BobErrorKind.Forbidden,
        HttpStatusCode.Conflict => BobErrorKind.Conflict,
        { } status when (int)status >= 500 => BobErrorKind.Unavailable,
        _ => BobErrorKind.Rejected,
    };
}
