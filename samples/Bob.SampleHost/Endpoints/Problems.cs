using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

internal static class Problems
{
    /// <summary>404 for a missing row and for another user's row alike, so ids of other users' rows reveal nothing.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
