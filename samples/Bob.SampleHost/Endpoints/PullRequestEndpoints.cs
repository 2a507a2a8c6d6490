using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>Pull requests (SPEC §3, plan 4.1, 4.2).</summary>
internal static class PullRequestEndpoints
{
    public static IEndpointRouteBuilder MapPullRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pull-requests");
        group.MapPost("", CreateAsync);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetPullRequest");
        return app;
    }

    private static async Task<Results<Created<PullRequestResponse>, Ok<PullRequestResponse>, ValidationProblem>> CreateAsync(
        CreatePullRequestRequest? request, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken)
    {
        if (request?.RepositoryId is not { } repositoryId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["repositoryId"] = ["repositoryId is required."] });
        }

        var (pullRequest, created) = await pullRequests.CreateDraftAsync(
            context.User.GetUserId(), repositoryId, request.SessionId, request.HeadBranch ?? "", request.BaseBranch ?? "", request.Title ?? "", request.Body, cancellationToken);
        var response = PullRequestResponse.From(pullRequest);
        return created ? TypedResults.Created($"/api/pull-requests/{pullRequest.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Ok<PullRequestResponse>> GetAsync(Guid id, HttpContext context, PullRequestService pullRequests, CancellationToken cancellationToken) =>
        TypedResults.Ok(PullRequestResponse.From(await pullRequests.GetAsync(context.User.GetUserId(), id, cancellationToken)));
}

/// <summary>The body of <c>POST /api/pull-requests</c>.</summary>
internal sealed record CreatePullRequestRequest(Guid? RepositoryId, Guid? SessionId, string? HeadBranch, string? BaseBranch, string? Title, string? Body);

/// <summary>A pull request as the API returns it.</summary>
internal sealed record PullRequestResponse(
    Guid Id,
    Guid RepositoryId,
    GitProvider Provider,
    int Number,
    string Title,
    string? Body,
    string HeadBranch,
    string BaseBranch,
    string? HeadSha,
    string Status,
    string Url,
    Guid? SessionId,
    string? KanbangerTaskId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? MergedAt)
{
    public static PullRequestResponse From(PullRequest p) => new(
        p.Id, p.RepositoryId, p.Remote.Provider, p.Number, p.Title, p.Body, p.HeadBranch, p.BaseBranch, p.HeadSha, p.Status.ToWireName(), p.Url,
        p.SessionId, p.KanbangerTaskId, p.CreatedAt, p.MergedAt);
}
