using Bob.Git.Abstractions;
using Bob.Vault;
using Microsoft.AspNetCore.Diagnostics;

namespace Bob.SampleHost.Infrastructure;

/// <summary>
/// Turns exceptions into RFC 9457 problem details, in this one place: the suite's typed exceptions become their 4xx (field
/// errors as validation problems naming the field), a bad request keeps its 4xx status; anything else is a 500 that says
/// nothing about its cause (which is logged as a bug).
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
            GitFieldException field => (field.Field, field.Rule),
            InvalidRemoteUrlException remote => ("remoteUrl", remote.Message),
            GitProviderNotAvailableException unavailable => ("provider", unavailable.Message),
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

            // A stored token that no configured key opens: the connection must be re-authorized (or the old key restored).
            // The message names the key id and row, never key material or the token.
            TokenDecryptionException undecryptable => (StatusCodes.Status409Conflict, "Stored token cannot be decrypted", undecryptable.Message),

            // What a git provider answered, passed on with the provider's reason (messages never carry tokens).
            GitConnectionNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            RepositoryNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            SessionNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            WorktreeNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            PullRequestNotFoundException notFound => (StatusCodes.Status404NotFound, "Not found", notFound.Message),
            RepositoryConnectionRequiredException missing => (StatusCodes.Status409Conflict, "The repository needs a connection", missing.Message),
            GitPushRejectedException rejected => (StatusCodes.Status409Conflict, "The remote rejected the push", rejected.Message),
            GitRemoteAuthenticationException refused => (StatusCodes.Status409Conflict, "The remote refused the connection's token", refused.Message),
            GitRemoteUnavailableException unreachable => (StatusCodes.Status502BadGateway, "The git remote could not be reached", unreachable.Message),
            TimeoutException busy => (StatusCodes.Status503ServiceUnavailable, "Busy", busy.Message),
            GitConnectionReauthorizationRequiredException reauth => (StatusCodes.Status409Conflict, "Connection must be authorized again", reauth.Message),
            InstanceNotAllowedException refused => (StatusCodes.Status422UnprocessableEntity, "Instance URL not allowed", refused.Message),
            ProviderUnauthorizedException rejected => (StatusCodes.Status422UnprocessableEntity, "The provider rejected the token", rejected.Message),
            ProviderForbiddenException forbidden => (StatusCodes.Status403Forbidden, "The provider refused the operation", forbidden.Message),
            ProviderNotFoundException missing => (StatusCodes.Status404NotFound, "Not found at the provider", missing.Message),
            ProviderConflictException conflict => (StatusCodes.Status409Conflict, "The provider reported a conflict", conflict.Message),
            ProviderValidationException invalid => (StatusCodes.Status422UnprocessableEntity, "The provider rejected the request", invalid.Message),
            ProviderRateLimitedException limited => (StatusCodes.Status429TooManyRequests, "The provider's rate limit is exhausted", limited.Message),
            GitProviderException failed => (StatusCodes.Status502BadGateway, "The provider failed", failed.Message),
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

        if (exception is ProviderRateLimitedException { ResetAt: { } resetAt })
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database cannot be reached: requests that need it are answered 503 until it answers again (logged once per outage)")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tokens of row {RowId} cannot be decrypted: key id {KeyId}, {Failure}")]
    private static partial void LogUndecryptable(ILogger logger, Guid rowId, string keyId, TokenDecryptionFailure failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
