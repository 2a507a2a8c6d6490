using Bob.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the webhook receivers.</summary>
public static class WebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/github</c>, <c>/gitlab</c>, <c>/gitea</c> and <c>/kanbanger</c>. Each answers <c>202</c> when it stored a new
    /// delivery (processing happens later), <c>200</c> for a duplicate, <c>401</c> for a missing or wrong signature, <c>400</c> for
    /// missing event or delivery headers or a body that is not a JSON object, and <c>413</c> past the size limit. They are
    /// authenticated by signature, never by the host's authentication, so they allow anonymous callers.
    /// </summary>
    public static RouteGroupBuilder MapBobWebhooks(this IEndpointRouteBuilder endpoints, string prefix = "/api/webhooks")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        foreach (var source in Enum.GetValues<WebhookSource>())
        {
            group.MapPost($"/{source.ToWireName()}", async context =>
                {
                    var ingestion = context.RequestServices.GetRequiredService<WebhookIngestion>();
                    var result = await ingestion.HandleAsync(source, context);
                    await result.ExecuteAsync(context);
                })
                .AllowAnonymous()
                .DisableAntiforgery()
                .WithName($"Webhook{source}");
        }

        return group;
    }
}
