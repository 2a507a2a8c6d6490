using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Bob.SampleHost.Infrastructure;

/// <summary>Marks the cron routes, which take <c>Authorization: Bearer &lt;Cron__Secret&gt;</c> instead of an API key.</summary>
internal sealed record CronSecretMetadata;

/// <summary>
/// What makes <c>/openapi/v1.json</c> usable by a client generator (issue 18.10): the API key as a bearer security scheme on
/// every route that takes it (the cron secret on cron, none on webhooks, probes and the OAuth callback), a tag with a
/// description per area, and the problems each route can answer (<c>application/problem+json</c>): 401 where a credential
/// is needed, 403 on admin routes, 404 for an id, 400 for input, 503 while the database is away. Operation ids and
/// summaries are set where the routes are mapped.
/// </summary>
internal static class OpenApiConventions
{
    public const string ApiKeyScheme = "apiKey";
    public const string CronScheme = "cronSecret";

    private static readonly (string Prefix, string Tag, string Description)[] Tags =
    [
        ("/api/webhooks/", "Webhooks", "Deliveries from GitHub, GitLab, Gitea and Kanbanger, authenticated by their signatures."),
        ("/api/webhook-deliveries", "Webhook deliveries", "Stored deliveries and outbox rows, and replaying failed ones (admins)."),
        ("/api/connections", "Connections", "Provider accounts connected with a token or OAuth; tokens are stored encrypted and never returned."),
        ("/api/repositories/{id}/connection", "Connections", ""),
        ("/api/repositories/{id}/pull-requests", "Pull requests", ""),
        ("/api/sessions/{id}/pull-requests", "Pull requests", ""),
        ("/api/repositories", "Repositories", "Repositories registered by their remote URL."),
        ("/api/sessions", "Sessions", "Sessions, their worktrees, pushes, quick replies and live events."),
        ("/api/pull-requests", "Pull requests", "Draft pull requests opened, changed and merged through each provider's API."),
        ("/api/task-runs", "Task runs", "Kanbanger tasks run by the host's agent, and the agent's reports."),
        ("/api/devices", "Devices", "Phones and browsers that receive push notifications."),
        ("/api/cron/", "Cron", "Jobs a scheduler triggers with the cron secret."),
        ("/", "Health", "Liveness and readiness probes."),
    ];

    public static void Configure(OpenApiOptions options)
    {
        // GitProvider is written by its own converter as its wire name: say so, or generators see an empty object.
        options.AddSchemaTransformer((schema, context, cancellationToken) =>
        {
            if (context.JsonTypeInfo.Type == typeof(Bob.Git.Abstractions.GitProvider))
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = [.. Enum.GetValues<Bob.Git.Abstractions.GitProvider>().Select(p => (System.Text.Json.Nodes.JsonNode)Bob.Git.Abstractions.GitProviderNames.ToWireName(p))];
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, context, cancellationToken) =>
        {
            document.Info.License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://opensource.org/licenses/MIT") };
            document.Info.Description = "The Bob git integration suite's sample host. Every /api route but webhooks and cron takes 'Authorization: Bearer <api-key>' (create one with 'create-user'). Errors are RFC 9457 problem details.";
            // Host:PublicBaseUrl when configured; otherwise "/", relative to the document, so the server a client fetched it from.
            var publicBase = context.ApplicationServices.GetRequiredService<IConfiguration>()["Host:PublicBaseUrl"];
            document.Servers = [new OpenApiServer { Url = string.IsNullOrWhiteSpace(publicBase) ? "/" : publicBase.TrimEnd('/') }];

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key of a Bob user, as 'Authorization: Bearer <api-key>'.",
            };
            document.Components.SecuritySchemes[CronScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The host's Cron__Secret, as 'Authorization: Bearer <secret>'.",
            };
            document.Tags = new HashSet<OpenApiTag>(Tags.Where(t => t.Description.Length > 0).Select(t => new OpenApiTag { Name = t.Tag, Description = t.Description }));
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, cancellationToken) =>
        {
            var document = context.Document!;
            var path = "/" + (context.Description.RelativePath ?? "").Split('?')[0].TrimStart('/');
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var tag = Tags.First(t => path.StartsWith(t.Prefix, StringComparison.Ordinal)).Tag; // "/" last: the probes
            operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };

            var isApi = path.StartsWith("/api/", StringComparison.Ordinal);
            var anonymous = metadata.OfType<IAllowAnonymous>().Any();
            var cron = metadata.OfType<CronSecretMetadata>().Any();
            operation.Security = cron
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CronScheme, document)] = [] }]
                : anonymous
                    ? []
                    : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] }];

            operation.Responses ??= new OpenApiResponses();
            if (cron || !anonymous)
            {
                Problem(operation, document, "401", "No valid credential was sent.");
            }

            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy == SampleHostComposition.AdminPolicy))
            {
                Problem(operation, document, "403", "The API key is not an admin's.");
            }

            if (path.Contains("{id}", StringComparison.Ordinal))
            {
                Problem(operation, document, "404", "No such row of this user (another user's id answers the same).");
            }

            if (context.Description.ParameterDescriptions.Count > 0)
            {
                Problem(operation, document, "400", "A parameter or the body breaks a rule; the problem names the field.");
            }

            if (isApi)
            {
                Problem(operation, document, "503", "The database cannot be reached right now; send the request again after Retry-After.");
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>Documents a problem answer unless the route already documents that status.</summary>
    private static void Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
    }
}
