using Bob.Git.Abstractions;
using Bob.Vault;
using Microsoft.AspNetCore.Diagnostics;

namespace Bob.SampleHost.Infrastructure;

/// <summary>
/// Turns exceptions into RFC 9457 problem details, in this one place: the suite's exceptions by their
/// <see cref="BobException.Kind"/> (field errors as validation problems naming the field), the database away as 503, a bad
/// request keeps its 4xx status; anything else (a <see cref="BobErrorKind.Configuration"/> failure included) is a 500 that
/// says nothing about its cause (which is logged as a bug).
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, TimeProvider timeProvider, StoreOutage outage, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The database is away (stopped, restarting, refusing connections): a 503 to retry, logged once per outage.
        if (StoreOutage.IsUnavailable(exception))
        {
            if (outage.Refused())
            {
                LogStoreUnavailable(logger, exception);
            }

            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = ((int)StoreOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Service unavailable", Detail = "The host cannot reach its database right now; nothing was changed. Send the request again shortly." },
            });
        }

        // A value the caller gave breaks a rule the library checks: a field error, like the endpoints' own.
        (string Field, string Rule) fieldError = exception switch
        {
            BobValidationException { Field.Length: > 0 } field => (field.Field, field.Rule),
            _ => ("", ""),
        };
        if (fieldError.Field.Length > 0)
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [fieldError.Field] = [TextRules.Excerpt(fieldError.Rule, 300)] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more validation errors occurred.",
                },
            });
        }

        var (status, title, detail) = exception switch
        {
            // The framework's own messages name parameter types and suggest [FromServices]: say what the caller can fix instead.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "Payload too large", "The request body is over the size limit."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", httpContext.Request.HasJsonContentType() || httpContext.Request.ContentLength is null or 0
                ? "The request body must be a JSON object with this endpoint's fields (see the README); it is missing, null or not valid JSON."
                : "The request body must be JSON (Content-Type: application/json)."),
            TimeoutException busy => (StatusCodes.Status503ServiceUnavailable, "Busy", busy.Message),

            // The suite's failures, by kind, with the exception's own title; messages never carry tokens (a stored token no key
            // opens names the key id and row). A configuration failure says nothing about its cause (it is logged).
            BobException { Kind: not BobErrorKind.Configuration } bob => (StatusOf(bob.Kind), bob.Title, bob.Message),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error", "The server could not complete the request."),
        };
        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (exception is TokenDecryptionException undecryptable)
        {
            LogUndecryptable(logger, undecryptable.Location.RowId, undecryptable.KeyId, undecryptable.Failure);
        }

        if (exception is GitProviderException { Kind: BobErrorKind.RateLimited, ResetAt: { } resetAt })
        {
            var seconds = Math.Max(1, (int)Math.Ceiling((resetAt - timeProvider.GetUtcNow()).TotalSeconds));
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            // Messages may quote input (a URL, a name): never more than a short prefix of it.
            ProblemDetails = { Status = status, Title = title, Detail = TextRules.Excerpt(detail, 500) },
        });
    }

    /// <summary>The HTTP status of a kind of failure.</summary>
    private static int StatusOf(BobErrorKind kind) => kind switch
    {
        BobErrorKind.Invalid => StatusCodes.Status400BadRequest,
        BobErrorKind.NotFound => StatusCodes.Status404NotFound,
        BobErrorKind.Conflict => StatusCodes.Status409Conflict,
        BobErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        BobErrorKind.Unauthorized or BobErrorKind.Rejected => StatusCodes.Status422UnprocessableEntity,
        BobErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        BobErrorKind.Unavailable or BobErrorKind.Failed => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached: requests that need it are answered 503 until it answers again (logged once per outage)")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tokens of row {RowId} cannot be decrypted: key id {KeyId}, {Failure}")]
    private static partial void LogUndecryptable(ILogger logger, Guid rowId, string keyId, TokenDecryptionFailure failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
