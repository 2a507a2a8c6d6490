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
        group.MapGet("/{id:guid}", GetAsync).WithName("GetRepository").WithSummary("Gets a repository, with its remote's webhook.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("UnregisterRepository").WithSummary("Removes the registration, and the hook Bob made when no other registration relies on it.");
        group.MapPost("/{id:guid}/webhook/rotate-secret", RotateAsync)
            .WithName("RotateWebhookSecret").WithSummary("Gives the remote's hook a new secret; the old one is accepted for Webhooks:SecretGraceMinutes.");
        return app;
    }

    private static async Task<Results<Created<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateRepositoryRequest request,
        HttpContext context,
        RepositoryService repositories,
        RepositoryWebhookService webhooks,
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
            var webhook = await webhooks.DescribeAsync(repository, cancellationToken);
            return TypedResults.Created($"/api/repositories/{repository.Id}", RepositoryResponse.From(repository, webhook));
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
        return TypedResults.Ok(list.Select(r => RepositoryResponse.From(r)).ToArray());
    }

    private static async Task<Results<Ok<RepositoryResponse>, ProblemHttpResult>> GetAsync(
        Guid id,
        HttpContext context,
        IRepositoryStore store,
        RepositoryWebhookService webhooks,
        CancellationToken cancellationToken)
    {
        var repository = await store.GetAsync(context.User.GetUserId(), id, cancellationToken);
        return repository is null
            ? Problems.NotFound($"Repository {id} was not found.")
            : TypedResults.Ok(RepositoryResponse.From(repository, await webhooks.DescribeAsync(repository, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, RepositoryWebhookService webhooks, CancellationToken cancellationToken) =>
        await webhooks.UnregisterAsync(context.User.GetUserId(), id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Repository {id} was not found.");

    /// <remarks>Another user's repository is 404; a remote whose hook Bob does not manage is 409 (through the problem handler).</remarks>
    private static async Task<Ok<RepositoryWebhookView>> RotateAsync(Guid id, HttpContext context, RepositoryWebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.RotateSecretAsync(context.User.GetUserId(), id, cancellationToken));
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
    DateTimeOffset CreatedAt,
    RepositoryWebhookView? Webhook = null)
{
    /// <summary>The repository; <paramref name="webhook"/> (its remote's hook) in the answers about one repository.</summary>
    public static RepositoryResponse From(Repository r, RepositoryWebhookView? webhook = null) => new(
        r.Id, r.Name, r.RemoteUrl, r.Remote.Provider, r.Remote.InstanceUrl, r.Remote.Owner, r.Remote.Name, r.Remote.WebUrl, r.ConnectionId, r.CreatedAt, webhook);
}
