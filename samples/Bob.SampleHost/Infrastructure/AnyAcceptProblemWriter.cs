using System.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost.Infrastructure;

/// <summary>
/// Writes a problem as <c>application/problem+json</c> whatever the request's <c>Accept</c> says. The framework's own writer
/// refuses when the client accepts neither JSON nor a wildcard (a browser's <c>EventSource</c> sends
/// <c>Accept: text/event-stream</c>); without this writer such a 404 or 401 had no body, and one thrown through the exception
/// handler became a 500. Registered after the framework's writer, so it only writes what that one declined.
/// </summary>
/// <remarks>
/// RFC 9110 §12.5.1 lets a server answer outside <c>Accept</c> rather than 406; a client that cannot read the body still has
/// the status.
/// </remarks>
internal sealed class AnyAcceptProblemWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= TypeOf(problem.Status.Value);
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        if (!problem.Extensions.ContainsKey("traceId"))
        {
            problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        }

        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ContentType, http.RequestAborted));
    }

    /// <summary>The RFC 9110 section of a status, as the framework's own writer links it.</summary>
    private static string TypeOf(int status) => "https://tools.ietf.org/html/rfc9110#section-" + status switch
    {
        400 => "15.5.1",
        401 => "15.5.2",
        403 => "15.5.4",
        404 => "15.5.5",
        405 => "15.5.6",
        406 => "15.5.7",
        408 => "15.5.9",
        409 => "15.5.10",
        412 => "15.5.13",
        413 => "15.5.14",
        415 => "15.5.16",
        422 => "15.5.21",
        500 => "15.6.1",
        502 => "15.6.3",
        503 => "15.6.4",
        504 => "15.6.5",
        >= 500 => "15.6",
        _ => "15.5",
    };
}
