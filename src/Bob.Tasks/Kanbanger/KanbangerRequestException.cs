using System.Net;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>Kanbanger refused a request (4xx); the message says why, never the token.</summary>
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

    /// <summary>
    /// Whether trying again later may succeed: Kanbanger is not configured yet (no status), or it answered 408 or 429 after
    /// the client's own retries. Any other refusal stays a refusal.
    /// </summary>
    public override bool IsTransient => StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

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
