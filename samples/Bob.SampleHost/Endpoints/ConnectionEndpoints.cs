using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>SPEC §3 connections (plan 2.4). Provider errors become problems in <c>ProblemExceptionHandler</c>.</summary>
internal static class ConnectionEndpoints
{
    public static IEndpointRouteBuilder MapConnectionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections");
        group.MapGet("", ListAsync)
            .WithName("ListConnections").WithSummary("Lists the user's provider connections (never a token).");
        group.MapPost("/pat", ConnectPatAsync)
            .WithName("ConnectWithToken").WithSummary("Connects a provider account with a personal access token, checked with the provider and stored encrypted.");
        group.MapPost("/{id:guid}/test", TestAsync)
            .WithName("TestConnection").WithSummary("Checks a connection's token with its provider.");
        group.MapDelete("/{id:guid}", DisconnectAsync)
            .WithName("DisconnectConnection").WithSummary("Revokes a connection's tokens and erases them.");
        group.MapGet("/oauth/{provider}/start", StartOAuthAsync)
            .WithName("StartOAuth").WithSummary("Starts an OAuth authorization with PKCE: redirects to the provider's authorize URL.")
            .Produces(StatusCodes.Status302Found);

        // The provider sends the browser here without our API key. An anonymous callback never creates a connection (the
        // state alone does not prove who is completing): it hands code and state on to the app's link, and the app
        // completes with its API key below.
        group.MapGet("/oauth/{provider}/callback", HandOffOAuthAsync).AllowAnonymous().WithName("OAuthCallback")
            .WithSummary("Where the provider sends the browser back: hands code and state on to the app link (or completes in the browser that started it).");
        group.MapPost("/oauth/{provider}/complete", CompleteOAuthAsync)
            .WithName("CompleteOAuth").WithSummary("Completes an OAuth authorization with the code and state the app link received.");
        app.MapPut("/api/repositories/{id:guid}/connection", SetRepositoryConnectionAsync)
            .WithName("SetRepositoryConnection").WithSummary("Sets the connection a repository's git and provider calls use.");
        return app;
    }

    private static async Task<Ok<ConnectionResponse[]>> ListAsync(HttpContext context, GitConnectionService service, CancellationToken cancellationToken)
    {
        var list = await service.ListAsync(context.User.GetUserId(), cancellationToken);
        var apps = context.RequestServices.GetService<GitAppConnectionService>();
        var responses = new List<ConnectionResponse>(list.Count);
        foreach (var connection in list)
        {
            responses.Add(ConnectionResponse.From(connection, apps is null ? null : await apps.GetInstallationAsync(connection, cancellationToken)));
        }

        return TypedResults.Ok(responses.ToArray());
    }

    private static async Task<Results<Created<ConnectionResponse>, ValidationProblem>> ConnectPatAsync(
        ConnectPatRequest request,
        HttpContext context,
        GitConnectionService service,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!GitProviderNames.TryParse(request.Provider, out var provider))
        {
            errors["provider"] = ["The provider must be 'github', 'gitlab' or 'gitea'."];
        }

        if (string.IsNullOrWhiteSpace(request.Token))
        {
            errors["token"] = ["A token is required."];
        }
        else if (request.Token.Length > 4096)
        {
            errors["token"] = ["A token has at most 4096 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Field errors the service finds (BobValidationException) are answered by ProblemExceptionHandler.
        var connection = await service.ConnectWithTokenAsync(context.User.GetUserId(), provider, request.InstanceUrl, request.Token!, cancellationToken);
        return TypedResults.Created($"/api/connections/{connection.Id}", ConnectionResponse.From(connection));
    }

    private static async Task<Ok<ConnectionTestResult>> TestAsync(Guid id, HttpContext context, GitConnectionService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.TestAsync(context.User.GetUserId(), id, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DisconnectAsync(Guid id, HttpContext context, GitConnectionService service, CancellationToken cancellationToken) =>
        await service.DisconnectAsync(context.User.GetUserId(), id, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"Connection {id} was not found.");

    private static async Task<Results<RedirectHttpResult, ValidationProblem>> StartOAuthAsync(
        string provider,
        string? instanceUrl,
        HttpContext context,
        GitOAuthFlow oauth,
        CancellationToken cancellationToken)
    {
        if (!GitProviderNames.TryParse(provider, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["provider"] = ["The provider must be 'github', 'gitlab' or 'gitea'."] });
        }

        // From the configured public base URL (Host:PublicBaseUrl), never from the request's Host header.
        var callback = new Uri(PublicBaseUrl(context), $"api/connections/oauth/{parsed.ToWireName()}/callback");
        var authorize = await oauth.StartAsync(context.User.GetUserId(), parsed, instanceUrl, callback, cancellationToken);
        return TypedResults.Redirect(authorize.AbsoluteUri);
    }

    /// <summary>
    /// The provider's redirect: hands <c>code</c> and <c>state</c> (or the provider's <c>error</c>) on to the app's link
    /// <c>bob://auth/callback</c> (plan 6.2), which completes with its API key. Nothing is exchanged or stored here.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> HandOffOAuthAsync(
        string provider,
        string? code,
        string? state,
        string? error,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "error_description")] string? errorDescription,
        HttpContext context,
        GitOAuthFlow oauth,
        CancellationToken cancellationToken)
    {
        if (!GitProviderNames.TryParse(provider, out var parsed))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown provider", detail: "The provider must be 'github', 'gitlab' or 'gitea'.");
        }

        // Started from the /connections page of this browser: complete here, for the signed-in user who started it.
        if (OAuthBrowserBinding.Get(context) is { } bound)
        {
            OAuthBrowserBinding.Clear(context);
            var signedIn = await context.AuthenticateAsync(PageAuthentication.CookieScheme);
            if (!string.IsNullOrEmpty(error))
            {
                return TypedResults.Redirect($"/connections?error={Uri.EscapeDataString(TextRules.Excerpt(error, 100))}");
            }

            if (!signedIn.Succeeded || string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state)
                || !OAuthBrowserBinding.Matches(bound, state))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: "This authorization was not started by the user signed in to this browser: start connecting again from /connections.");
            }

            try
            {
                await oauth.CompleteAsync(signedIn.Principal!.GetUserId(), parsed, state, code, cancellationToken);
            }
            catch (BobValidationException ex) when (ex.Field == BobValidationException.StateField)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: TextRules.Excerpt(ex.Message, 300));
            }

            return TypedResults.Redirect("/connections?connected=true");
        }

        // What the app's link may carry (DeepLinkParser reads the same): other values are left out.
        static string? Kept(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 2048 && !TextRules.HasControlCharacters(value) ? value : null;

        if (string.IsNullOrEmpty(error) && (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing code or state", detail: "The callback needs the code and state the provider sends.");
        }

        return TypedResults.Redirect(new Bob.Notifications.AuthCallbackLink(parsed.ToWireName(), Kept(code), Kept(state), Kept(error), Kept(errorDescription)).ToUri().AbsoluteUri);
    }

    /// <summary>Completes the flow for the signed-in caller, who must be the user who started it.</summary>
    private static async Task<Results<Created<ConnectionResponse>, ProblemHttpResult, ValidationProblem>> CompleteOAuthAsync(
        string provider,
        CompleteOAuthRequest? request,
        HttpContext context,
        GitOAuthFlow oauth,
        CancellationToken cancellationToken)
    {
        if (!GitProviderNames.TryParse(provider, out var parsed))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["provider"] = ["The provider must be 'github', 'gitlab' or 'gitea'."] });
        }

        if (string.IsNullOrEmpty(request?.Code) || string.IsNullOrEmpty(request.State))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [string.IsNullOrEmpty(request?.Code) ? "code" : "state"] = ["code and state are required, as the provider sent them."] });
        }

        try
        {
            var connection = await oauth.CompleteAsync(context.User.GetUserId(), parsed, request.State, request.Code, cancellationToken);
            return TypedResults.Created($"/api/connections/{connection.Id}", ConnectionResponse.From(connection));
        }
        catch (BobValidationException ex) when (ex.Field == BobValidationException.StateField)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: TextRules.Excerpt(ex.Message, 300));
        }
    }

    /// <summary>The host's public base URL: <c>Host:PublicBaseUrl</c>, else the first address the server listens on.</summary>
    internal static Uri PublicBaseUrl(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IConfiguration>()["Host:PublicBaseUrl"];
        var address = !string.IsNullOrWhiteSpace(configured)
            ? configured
            : context.RequestServices.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost/";
        return new Uri(address.EndsWith('/') ? address : address + "/", UriKind.Absolute);
    }

    private static async Task<Results<Ok<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> SetRepositoryConnectionAsync(
        Guid id,
        SetRepositoryConnectionRequest request,
        HttpContext context,
        GitConnectionService service,
        CancellationToken cancellationToken)
    {
        if (request.ConnectionId is not { } connectionId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["connectionId"] = ["A connection id is required."] });
        }

        // A connection on another instance is a BobValidationException on connectionId: the problem handler's field error.
        return TypedResults.Ok(RepositoryResponse.From(await service.SetRepositoryConnectionAsync(context.User.GetUserId(), id, connectionId, cancellationToken)));
    }
}

/// <summary>The body of <c>POST /api/connections/pat</c>.</summary>
internal sealed record ConnectPatRequest(string? Provider, string? InstanceUrl, string? Token);

/// <summary>The body of <c>PUT /api/repositories/{id}/connection</c>.</summary>
internal sealed record SetRepositoryConnectionRequest(Guid? ConnectionId);

/// <summary>A connection as the API returns it: never a token. <c>kind</c> is <c>token</c> or <c>github-app</c>; an App connection names its installation.</summary>
internal sealed record ConnectionResponse(
    Guid Id,
    GitProvider Provider,
    string? InstanceUrl,
    string WebUrl,
    string ProviderAccountId,
    string? Scopes,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RevokedAt,
    bool RequiresReauthorization,
    string? ReauthorizationReason,
    DateTimeOffset CreatedAt,
    string Kind,
    ConnectionInstallationResponse? Installation)
{
    public static ConnectionResponse From(GitConnection c) => From(c, null);

    public static ConnectionResponse From(GitConnection c, GitAppInstallation? installation) => new(
        c.Id, c.Instance.Provider, c.Instance.InstanceUrl, c.Instance.BaseUrl, c.ProviderAccountId, c.Scopes, c.AccessTokenExpiresAt, c.RevokedAt,
        c.RequiresReauthorization, c.ReauthorizationReason, c.CreatedAt, c.Kind,
        installation is null ? null : ConnectionInstallationResponse.From(installation));
}

/// <summary>A <c>github-app</c> connection's installation: its GitHub id, account, state and (when selected) repositories.</summary>
internal sealed record ConnectionInstallationResponse(long Id, string? Account, string Status, bool AllRepositories, IReadOnlyList<string> Repositories)
{
    public static ConnectionInstallationResponse From(GitAppInstallation i) => new(
        i.InstallationId, i.Account, i.DeletedAt is not null ? "deleted" : i.SuspendedAt is not null ? "suspended" : "active", i.AllRepositories, i.Repositories);
}

/// <summary>The body of <c>POST /api/connections/oauth/{provider}/complete</c>.</summary>
internal sealed record CompleteOAuthRequest(string? Code, string? State);
