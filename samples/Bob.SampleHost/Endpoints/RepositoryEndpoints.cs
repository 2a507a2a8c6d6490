using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

internal static class RepositoryEndpoints
{
    public static IEndpointRouteBuilder MapRepositoryEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/repositories");
        group.MapPost("", CreateAsync)
            .WithName("RegisterRepository").WithSummary("Registers a repository by its remote URL.");
        group.MapGet("", ListAsync)
            .WithName("ListRepositories").WithSummary("Lists the user's repositories.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRepository").WithSummary("Gets a repository.");
        return app;
    }

    private static async Task<Results<Created<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateRepositoryRequest request,
        HttpContext context,
        RepositoryService repositories,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["A name is required."];
        }
        else if (request.Name.Trim().Length > 200)
        {
            errors["name"] = ["A name has at most 200 characters."];
        }

        if (string.IsNullOrWhiteSpace(request.RemoteUrl))
        {
            errors["remoteUrl"] = ["A remote URL is required."];
        }

        GitProvider? provider = null;
        if (request.Provider is not null)
        {
            if (GitProviderNames.TryParse(request.Provider, out var parsed))
            {
                provider = parsed;
            }
            else
            {
                errors["provider"] = ["The provider must be 'github', 'gitlab' or 'gitea'."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Rules the service checks itself (control characters, the URL's length and form) come back as field errors
        // through ProblemExceptionHandler.
        try
        {
            var repository = await repositories.RegisterAsync(
                context.User.GetUserId(),
                new RegisterRepository(request.Name!, request.RemoteUrl!, provider, request.ConnectionId),
                cancellationToken);
            return TypedResults.Created($"/api/repositories/{repository.Id}", RepositoryResponse.From(repository));
        }
        catch (BobNotFoundException ex) when (ex.Resource == BobNotFoundException.Connection)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["connectionId"] = [ex.Message] });
        }
        catch (DuplicateRepositoryException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Repository already registered",
                detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["existingRepositoryId"] = ex.ExistingRepositoryId });
        }
    }

    private static async Task<Ok<RepositoryResponse[]>> ListAsync(HttpContext context, IRepositoryStore store, CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(context.User.GetUserId(), cancellationToken);
        return TypedResults.Ok(list.Select(RepositoryResponse.From).ToArray());
    }

    private static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> GetAsync(
        Guid id,
        HttpContext context,
        IRepositoryStore store,
        CancellationToken cancellationToken)
    {
        var repository = await store.GetAsync(context.User.GetUserId(), id, cancellationToken);
        return repository is null
            ? Problems.NotFound($"Repository {id} was not found.")
            : TypedResults.Ok(RepositoryResponse.From(repository));
    }
}

/// <summary>The body of <c>POST /api/repositories</c>.</summary>
internal sealed record CreateRepositoryRequest(string? Name, string? RemoteUrl, string? Provider, Guid? ConnectionId);

/// <summary>A repository as the API returns it; column names follow plan 1.6.</summary>
internal sealed record RepositoryResponse(
    Guid Id,
    string Name,
    string RemoteUrl,
    GitProvider RemoteProvider,
    string? RemoteInstanceUrl,
    string RemoteOwner,
    string RemoteName,
    string WebUrl,
    Guid? ConnectionId,
    DateTimeOffset CreatedAt)
{
    public static RepositoryResponse From(Repository r) => new(
        r.Id, r.Name, r.RemoteUrl, r.Remote.Provider, r.Remote.InstanceUrl, r.Remote.Owner, r.Remote.Name, r.Remote.WebUrl, r.ConnectionId, r.CreatedAt);
}
