using Bob.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

internal static class WebhookAdminEndpoints
{
    private static readonly string[] Statuses = ["pending", "processed", "failed"];

    public static IEndpointRouteBuilder MapWebhookAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/webhook-deliveries").RequireAuthorization(SampleHostComposition.AdminPolicy);
        group.MapGet("", ListAsync)
            .WithName("ListWebhookDeliveries").WithSummary("Lists webhook and outbox deliveries by status (admins).");
        group.MapPost("/{id:guid}/replay", ReplayAsync)
            .WithName("ReplayWebhookDelivery").WithSummary("Queues a failed delivery to be processed again (admins).");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookDeliverySummary>>, ValidationProblem>> ListAsync(
        IWebhookDeliveryAdmin admin, string? status, int? limit, CancellationToken cancellationToken)
    {
        status ??= "failed";
        if (!Statuses.Contains(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["The status must be 'pending', 'processed' or 'failed'."] });
        }

        if (limit is < 1 or > 500)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["The limit must be between 1 and 500."] });
        }

        return TypedResults.Ok(await admin.ListAsync(status, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(Guid id, IWebhookDeliveryAdmin admin, CancellationToken cancellationToken) =>
        await admin.ReplayAsync(id, cancellationToken)
            ? TypedResults.Accepted($"/api/webhook-deliveries/{id}")
            : Problems.NotFound($"No failed or processed webhook delivery {id}.");
}
