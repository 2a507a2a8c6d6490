using System.Globalization;
using Bob.Webhooks;
using Bob.Webhooks.AspNetCore;
using Bob.Webhooks.AspNetCore.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the webhook receivers.</summary>
public static class WebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/{name}</c> for every registered webhook source (<see cref="WebhookSources"/>: <c>github</c>,
    /// <c>gitlab</c> and <c>gitea</c> from the provider packages, <c>kanbanger</c> from the tasks package, ...) onto
    /// <see cref="WebhookReceiver"/> (registered by <c>AddBobWebhooks()</c>); register the sources before mapping. Each answers <c>202</c> when it stored a new delivery (processing happens later),
    /// <c>200</c> for a duplicate, <c>401</c> for a missing or wrong signature (refused from the headers when it is missing or
    /// malformed, before the body is read), <c>400</c> for missing event or delivery headers or a body that is not a JSON
    /// object, <c>413</c> past the size limit, <c>415</c> for a content type other than JSON, and <c>503</c> with
    /// <c>Retry-After</c> while unverified bodies fill their memory budget. Refusals are RFC 9457 problem details. The routes
    /// are authenticated by signature, never by the host's authentication, so they allow anonymous callers.
    /// </summary>
    public static RouteGroupBuilder MapBobWebhooks(this IEndpointRouteBuilder endpoints, string prefix = "/api/webhooks")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        foreach (var source in endpoints.ServiceProvider.GetRequiredService<WebhookSources>().All.Where(s => s.ReceivesWebhooks))
        {
            var name = source.Name;

            // A route handler (not a bare RequestDelegate), so API descriptions and OpenAPI documents list the route.
            group.MapPost($"/{name}", (HttpContext context, CancellationToken cancellationToken) => ReceiveAsync(name, context, cancellationToken))
                .AllowAnonymous()
                .DisableAntiforgery()
                .WithName($"Webhook{source.DisplayName}")
                .WithSummary($"Receives a {source.DisplayName} webhook delivery, authenticated by its signature.")
                // No Accepts metadata: routing would refuse other content types before the receiver's 415 problem answer.
                .Produces<WebhookAcceptedResponse>(StatusCodes.Status202Accepted)
                .Produces<WebhookAcceptedResponse>(StatusCodes.Status200OK)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        }

        return group;
    }

    private static async Task ReceiveAsync(string source, HttpContext context, CancellationToken cancellationToken)
    {
        var receiver = context.RequestServices.GetRequiredService<WebhookReceiver>();
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = receiver.MaxBodyBytes;
        }

        var request = context.Request;
        WebhookReceipt receipt;
        try
        {
            receipt = await receiver.ReceiveAsync(
                new WebhookRequest(source, request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), request.Body, request.ContentType, request.ContentLength)
                {
                    Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                },
                cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            receipt = receiver.TooLarge();
        }

        IResult result;
        if (receipt.DeliveryRowId is { } id)
        {
            result = Results.Json(new WebhookAcceptedResponse(id, receipt.Duplicate), WebhookJsonContext.Default.WebhookAcceptedResponse, statusCode: receipt.StatusCode);
        }
        else
        {
            if (receipt.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            result = Results.Problem(statusCode: receipt.StatusCode, title: receipt.Title, detail: receipt.Detail);
        }

        await result.ExecuteAsync(context);
    }
}
