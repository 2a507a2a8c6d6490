using System.Globalization;
using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>
/// Issue 22: connecting a GitHub App installation. <c>install</c> sends the user to GitHub's install page with a state bound
/// to them; GitHub sends the browser to the App's setup URL (<c>setup</c>) with <c>installation_id</c>, <c>state</c> and
/// <c>code</c>; the app (API key) completes with <c>complete</c>, or the <c>/connections</c> page's browser completes at
/// <c>setup</c> with its binding cookie. The installation id is trusted only once the user's token can see it.
/// </summary>
internal static class GitHubAppEndpoints
{
    /// <summary>The App's setup (and callback) URL, under the host's public base URL.</summary>
    public const string SetupPath = "api/connections/github-app/setup";

    public static IEndpointRouteBuilder MapGitHubAppEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections/github-app");
        group.MapGet("/install", InstallAsync)
            .WithName("InstallGitHubApp").WithSummary("Starts installing the GitHub App: redirects to GitHub's install page with a state bound to the caller.")
            .Produces(StatusCodes.Status302Found);
        group.MapGet("/setup", SetupAsync).AllowAnonymous().WithName("GitHubAppSetup")
            .WithSummary("The App's setup URL: hands installation_id, code and state on to the app link (or completes in the browser that started it).");
        group.MapGet("/authorize", AuthorizeAsync)
            .WithName("AuthorizeGitHubAppInstallation").WithSummary("For an installation that came back without a code: redirects to the App's authorize URL (PKCE) for the caller's state.")
            .Produces(StatusCodes.Status302Found);
        group.MapPost("/complete", CompleteAsync)
            .WithName("CompleteGitHubApp").WithSummary("Completes an installation with the code, state and installation id GitHub sent; 403 when the user cannot see the installation.");
        return app;
    }

    private static async Task<RedirectHttpResult> InstallAsync(string? instanceUrl, HttpContext context, GitAppConnectionService apps, CancellationToken cancellationToken)
    {
        var install = await apps.StartInstallAsync(context.User.GetUserId(), GitProvider.GitHub, instanceUrl, SetupUri(context), cancellationToken);
        return TypedResults.Redirect(install.AbsoluteUri);
    }

    internal static Uri SetupUri(HttpContext context) => new(ConnectionEndpoints.PublicBaseUrl(context), SetupPath);

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SetupAsync(
        string? code,
        string? state,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "installation_id")] string? installationId,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "setup_action")] string? setupAction,
        string? error,
        HttpContext context,
        GitAppConnectionService apps,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(error))
        {
            return TypedResults.Redirect($"/connections?error={Uri.EscapeDataString(TextRules.Excerpt(error, 100))}");
        }

        var hasId = TryParseId(installationId, out var id);
        if (string.IsNullOrEmpty(state) || (string.IsNullOrEmpty(code) && !hasId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing state or installation",
                detail: setupAction == "update"
                    ? "The installation was changed on GitHub; nothing to complete here."
                    : "The setup URL needs the state Bob sent and installation_id or code: start installing again from Bob.");
        }

        // Started from the /connections page of this browser: complete here, for the signed-in user who started it.
        if (OAuthBrowserBinding.Get(context) is { } bound)
        {
            var signedIn = await context.AuthenticateAsync(PageAuthentication.CookieScheme);
            if (!signedIn.Succeeded
                || !OAuthBrowserBinding.Matches(bound, state))
            {
                ClearBrowser(context);
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: "This installation was not started by the user signed in to this browser: start again from /connections.");
            }

            try
            {
                if (string.IsNullOrEmpty(code))
                {
                    // Installed without user authorization: authorize now (with PKCE), and remember the installation for the way back.
                    var authorize = await apps.AuthorizeInstallationAsync(signedIn.Principal!.GetUserId(), GitProvider.GitHub, state, cancellationToken);
                    context.Response.Cookies.Append(InstallationCookie, id.ToString(CultureInfo.InvariantCulture), new CookieOptions
                    {
                        HttpOnly = true,
                        SameSite = SameSiteMode.Lax,
                        Secure = context.Request.IsHttps,
                        Path = OAuthBrowserBinding.AppSetupPath,
                        MaxAge = GitOAuthFlow.AuthorizationLifetime,
                        IsEssential = true,
                    });
                    return TypedResults.Redirect(authorize.AbsoluteUri);
                }

                if (!hasId && !TryParseId(context.Request.Cookies[InstallationCookie], out id))
                {
                    ClearBrowser(context);
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing installation", detail: "GitHub did not name the installation: start installing again from /connections.");
                }

                ClearBrowser(context);
                await apps.CompleteInstallAsync(signedIn.Principal!.GetUserId(), GitProvider.GitHub, state, code, id, cancellationToken);
            }
            catch (BobValidationException ex) when (ex.Field == BobValidationException.StateField)
            {
                ClearBrowser(context);
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: TextRules.Excerpt(ex.Message, 300));
            }

            return TypedResults.Redirect("/connections?connected=true");
        }

        // The app's link: with a code it completes (naming the installation it was told, or this one); without one it
        // first asks GET /api/connections/github-app/authorize?state=… for the authorize URL.
        static string? Kept(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 2048 && !TextRules.HasControlCharacters(value) ? value : null;
        return TypedResults.Redirect(new Bob.Notifications.AuthCallbackLink("github", Kept(code), Kept(state), null, null)
        {
            InstallationId = hasId ? id.ToString(CultureInfo.InvariantCulture) : null,
        }.ToUri().AbsoluteUri);
    }

    /// <summary>Where the setup URL's browser remembers the installation between installing and authorizing.</summary>
    private const string InstallationCookie = ".bob.app-installation";

    private static void ClearBrowser(HttpContext context)
    {
        OAuthBrowserBinding.Clear(context, OAuthBrowserBinding.AppSetupPath);
        context.Response.Cookies.Delete(InstallationCookie, new CookieOptions { Path = OAuthBrowserBinding.AppSetupPath });
    }

    /// <summary>For an installation that came back without a code: the App's authorize URL (PKCE) for the caller's state.</summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> AuthorizeAsync(string? state, HttpContext context, GitAppConnectionService apps, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing state", detail: "state is the one the setup URL handed on.");
        }

        try
        {
            return TypedResults.Redirect((await apps.AuthorizeInstallationAsync(context.User.GetUserId(), GitProvider.GitHub, state, cancellationToken)).AbsoluteUri);
        }
        catch (BobValidationException ex) when (ex.Field == BobValidationException.StateField)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: TextRules.Excerpt(ex.Message, 300));
        }
    }

    private static async Task<Results<Created<ConnectionResponse>, ProblemHttpResult, ValidationProblem>> CompleteAsync(
        CompleteGitHubAppRequest? request,
        HttpContext context,
        GitAppConnectionService apps,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(request?.Code))
        {
            errors["code"] = ["code is required, as GitHub sent it to the setup URL."];
        }

        if (string.IsNullOrEmpty(request?.State))
        {
            errors["state"] = ["state is required, as GitHub sent it to the setup URL."];
        }

        if (request?.InstallationId is not > 0)
        {
            errors["installationId"] = ["installationId is the positive installation_id GitHub sent to the setup URL."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var connection = await apps.CompleteInstallAsync(context.User.GetUserId(), GitProvider.GitHub, request!.State!, request.Code!, request.InstallationId!.Value, cancellationToken);
            var installation = await apps.GetInstallationAsync(connection, cancellationToken);
            return TypedResults.Created($"/api/connections/{connection.Id}", ConnectionResponse.From(connection, installation));
        }
        catch (BobValidationException ex) when (ex.Field == BobValidationException.StateField)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid state", detail: TextRules.Excerpt(ex.Message, 300));
        }
    }

    private static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}

/// <summary>The body of <c>POST /api/connections/github-app/complete</c>.</summary>
internal sealed record CompleteGitHubAppRequest(string? Code, string? State, long? InstallationId);
