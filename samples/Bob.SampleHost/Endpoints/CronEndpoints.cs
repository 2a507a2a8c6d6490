using System.Security.Cryptography;
using System.Text;
using Bob.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>Routes a scheduler calls (SPEC §3): authenticated by <c>Cron:Secret</c>, never by an API key.</summary>
internal static class CronEndpoints
{
    public static IEndpointRouteBuilder MapCronEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/cron/git-sync", GitSyncAsync).AllowAnonymous().DisableAntiforgery()
            .WithName("RunGitSync").WithSummary("Runs one backfill round of open pull requests (Bearer Cron__Secret).")
            .WithMetadata(new Infrastructure.CronSecretMetadata());
        return app;
    }

    private static async Task<Results<Ok<GitSyncResponse>, ProblemHttpResult>> GitSyncAsync(HttpContext context, IConfiguration configuration, GitSyncService sync, CancellationToken cancellationToken)
    {
        if (!Authorized(context.Request.Headers.Authorization.ToString(), configuration["Cron:Secret"]))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Send Authorization: Bearer <Cron__Secret> (and configure Cron__Secret).");
        }

        var result = await sync.SyncAsync(cancellationToken);
        return TypedResults.Ok(new GitSyncResponse(result.Repositories, result.Updated, result.NotModified, result.Failed, result.FeedbackFound, result.Webhooks));
    }

    /// <summary>Compares in constant time (SHA-256 of both, so not even the length leaks); no secret configured accepts nothing.</summary>
    private static bool Authorized(string header, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || !header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..])),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }
}

/// <summary>What <c>POST /api/cron/git-sync</c> answers.</summary>
internal sealed record GitSyncResponse(int Repositories, int Updated, int NotModified, int Failed, int FeedbackFound, Bob.Git.RepositoryWebhookRepairResult? Webhooks);
