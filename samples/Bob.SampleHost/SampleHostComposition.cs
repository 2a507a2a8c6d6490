using Bob.SampleHost.Authentication;
using Bob.SampleHost.Endpoints;
using Bob.SampleHost.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace Bob.SampleHost;

/// <summary>What the sample host registers and how it handles a request; shared by the web host and the tests.</summary>
internal static class SampleHostComposition
{
    public const string AdminPolicy = "admin";

    /// <summary>Admin pages: a signed-in admin (the sign-in cookie carries the role of the API key it was made with).</summary>
    public const string PageAdminPolicy = "page-admin";

    public static WebApplicationBuilder AddSampleHostServices(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddBobPostgres(o => o.ConnectionString = configuration.GetConnectionString("Bob"));
        services.AddBobGit()
            .ConfigureSecurity(o => configuration.GetSection("Security").Bind(o))
            .ConfigureWork(o => configuration.GetSection("Git").Bind(o))
            .ConfigureSync(o => configuration.GetSection("GitSync").Bind(o))
            .AddGitHub(o => configuration.GetSection("Providers:GitHub").Bind(o))
            .AddGitLab(o => configuration.GetSection("Providers:GitLab").Bind(o))
            .AddGitea(o => configuration.GetSection("Providers:Gitea").Bind(o));

        // Issue 23: Bob makes each registered remote's hook when Host:PublicBaseUrl is set (it is where hooks deliver);
        // a rotated hook secret is still accepted for Webhooks:SecretGraceMinutes.
        services.Configure<Bob.Git.RepositoryWebhookOptions>(o =>
        {
            o.PublicBaseUrl = configuration["Host:PublicBaseUrl"] is { Length: > 0 } publicBase && Uri.TryCreate(publicBase, UriKind.Absolute, out var parsed) ? parsed : null;
            if (int.TryParse(configuration["Webhooks:SecretGraceMinutes"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes))
            {
                o.SecretGrace = TimeSpan.FromMinutes(minutes);
            }

            if (int.TryParse(configuration["Webhooks:CheckIntervalSeconds"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                o.CheckInterval = TimeSpan.FromSeconds(seconds);
            }
        });

        // Task runs from Kanbanger (task.assigned, comment.created, the outbox of tracker comments); the sample's agent
        // records what it is told as session events (a real host plugs in its coding agent here).
        services.AddBobTaskRuns(o =>
        {
            o.BaseUrl = configuration["Kanbanger:BaseUrl"];
            o.ApiToken = configuration["Kanbanger:ApiToken"] is { Length: > 0 } token ? new Bob.Git.Abstractions.Secret(token) : null;
            o.WorkspaceId = configuration["Kanbanger:WorkspaceId"];
        }).ConfigureRuns(o => configuration.GetSection("TaskRuns").Bind(o)); // TaskRuns:MaxAutomaticFixes
        services.AddSingleton<Bob.Tasks.ITaskAgent, Agents.RecordingTaskAgent>();

        // Push notifications of task-run milestones through Expo (Expo:BaseUrl, Expo:AccessToken), receipts read every
        // Expo:ReceiptCheckMinutes.
        services.AddBobNotifications(o => configuration.GetSection("Expo").Bind(o));
        services.Configure<Bob.Notifications.DeviceOptions>(configuration.GetSection("Devices")); // Devices:MaxPerUser
        services.AddHostedService<PushReceiptWorker>();
        services.AddBobVault(o => o.BindFrom(configuration));
        services.AddBobWebhooks(
            o => configuration.GetSection("Webhooks").Bind(o),
            o => configuration.GetSection("Webhooks:Worker").Bind(o));

        // Every registered source's secrets from Webhooks:{DisplayName} (Webhooks:GitHub:Secret, ...). Bind follows the
        // section, so a secret rotated in configuration (a reloaded file, a secret store provider) takes effect without a restart.
        foreach (var source in services.Where(d => d.ServiceType == typeof(Bob.Webhooks.WebhookSourceDefinition)).Select(d => (Bob.Webhooks.WebhookSourceDefinition)d.ImplementationInstance!).ToList())
        {
            services.AddOptions<Bob.Webhooks.WebhookSecrets>(source.Name).Bind(configuration.GetSection($"Webhooks:{source.DisplayName}"));
        }

        // The suite's meters and activity sources (Bob.Webhooks, Bob.Git, Bob.Vault, ...), Npgsql's (the database calls behind
        // Bob.Postgres: commands, connection pool) and ASP.NET Core's own, exported over
        // OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard OTEL_* variables).
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("Bob.SampleHost"))
            .WithMetrics(m => m.AddMeter("Bob.*", "Npgsql", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"))
            .WithTracing(t => t.AddSource("Bob.*", "Npgsql"));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        services.AddSampleHostHealthChecks();
        services.AddOpenApi(OpenApiConventions.Configure);
        services.AddProblemDetails();
        // After the framework's writer: writes what it declines for the request's Accept (an EventSource's text/event-stream).
        services.AddSingleton<IProblemDetailsWriter, AnyAcceptProblemWriter>();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        // An API key (Authorization: Bearer) or the pages' sign-in cookie, whichever the request carries.
        services.AddAuthentication(PageAuthentication.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(PageAuthentication.CookieScheme, PageAuthentication.ConfigureCookie)
            .AddPolicyScheme(PageAuthentication.Scheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0 ? ApiKeyAuthenticationHandler.SchemeName : PageAuthentication.CookieScheme);
        services.AddRazorPages();
        services.AddAntiforgery(o => o.Cookie.Name = ".bob.antiforgery");
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(PageAuthentication.Scheme).RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(ApiKeyAuthenticationHandler.AdminRole))
            .AddPolicy(PageAdminPolicy, p => p.AddAuthenticationSchemes(PageAuthentication.Scheme).RequireRole(ApiKeyAuthenticationHandler.AdminRole));
        return builder;
    }

    public static WebApplication UseSampleHostPipeline(this WebApplication app)
    {
        app.Use(StoreOutageRecovery.NoteAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(PageAuthentication.SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(SampleHostComposition).Assembly, "Bob.SampleHost.wwwroot"),
        });
        app.UseAuthentication();
        app.Use(PageAuthentication.RefuseCookieApiWrites);
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapOpenApi().AllowAnonymous(); // /openapi/v1.json
        app.MapHealthEndpoints();
        app.MapRepositoryEndpoints();
        app.MapConnectionEndpoints();
        app.MapGitHubAppEndpoints();
        app.MapSessionEndpoints();
        app.MapPullRequestEndpoints();
        app.MapCronEndpoints();
        app.MapTaskRunEndpoints();
        app.MapDeviceEndpoints();
        app.MapBobWebhooks();
        app.MapWebhookAdminEndpoints();
        return app;
    }
}
