using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages;

/// <summary>
/// <c>/connections</c>: the user's connections with test and disconnect, a PAT form, and OAuth in the browser: the flow
/// started here is bound to this browser (an HttpOnly cookie with the state) and completes at the callback only for the
/// user signed in here, who is sent back to this page.
/// </summary>
internal sealed class ConnectionsModel(GitConnectionService connections, GitOAuthFlow oauth, IServiceProvider services) : PageModel
{
    public IReadOnlyList<GitConnection> Connections { get; private set; } = [];

    /// <summary>The installation of each <c>github-app</c> connection, by connection id.</summary>
    public IReadOnlyDictionary<Guid, GitAppInstallation> Installations { get; private set; } = new Dictionary<Guid, GitAppInstallation>();

    private GitAppConnectionService? Apps => services.GetService<GitAppConnectionService>();

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(bool? connected, string? error, CancellationToken cancellationToken)
    {
        Message = connected == true ? "Connected." : null;
        Error = string.IsNullOrEmpty(error) ? null : $"The provider did not grant access: {TextRules.Excerpt(error, 100)}.";
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostOAuthAsync([FromForm] string? provider, [FromForm] string? instanceUrl, CancellationToken cancellationToken)
    {
        if (!GitProviderNames.TryParse(provider, out var parsed))
        {
            return await FailAsync("Choose GitHub, GitLab or Gitea.", cancellationToken);
        }

        try
        {
            var callback = new Uri(Endpoints.ConnectionEndpoints.PublicBaseUrl(HttpContext), $"api/connections/oauth/{parsed.ToWireName()}/callback");
            var authorize = await oauth.StartAsync(User.GetUserId(), parsed, string.IsNullOrWhiteSpace(instanceUrl) ? null : instanceUrl, callback, cancellationToken);
            OAuthBrowserBinding.Set(HttpContext, System.Web.HttpUtility.ParseQueryString(authorize.Query)["state"]!);
            return Redirect(authorize.AbsoluteUri);
        }
        catch (Exception ex) when (ex is BobValidationException or GitProviderException { IsInstanceNotAllowed: true })
        {
            return await FailAsync(TextRules.Excerpt(ex.Message, 300), cancellationToken);
        }
    }

    /// <summary>Installs the GitHub App: the installation comes back to the setup URL in this browser (its cookie holds the state).</summary>
    public async Task<IActionResult> OnPostInstallAsync([FromForm] string? instanceUrl, CancellationToken cancellationToken)
    {
        if (Apps is not { } apps)
        {
            return await FailAsync("GitHub is not registered in this host.", cancellationToken);
        }

        try
        {
            var install = await apps.StartInstallAsync(User.GetUserId(), GitProvider.GitHub, string.IsNullOrWhiteSpace(instanceUrl) ? null : instanceUrl, Endpoints.GitHubAppEndpoints.SetupUri(HttpContext), cancellationToken);
            OAuthBrowserBinding.Set(HttpContext, System.Web.HttpUtility.ParseQueryString(install.Query)["state"]!, OAuthBrowserBinding.AppSetupPath);
            return Redirect(install.AbsoluteUri);
        }
        catch (Exception ex) when (ex is BobValidationException or GitProviderException { IsInstanceNotAllowed: true })
        {
            return await FailAsync(TextRules.Excerpt(ex.Message, 300), cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostPatAsync([FromForm] string? provider, [FromForm] string? instanceUrl, [FromForm] string? token, CancellationToken cancellationToken)
    {
        if (!GitProviderNames.TryParse(provider, out var parsed) || string.IsNullOrWhiteSpace(token))
        {
            return await FailAsync("Choose a provider and give a token.", cancellationToken);
        }

        try
        {
            await connections.ConnectWithTokenAsync(User.GetUserId(), parsed, string.IsNullOrWhiteSpace(instanceUrl) ? null : instanceUrl, token, cancellationToken);
            return RedirectToPage(new { connected = true });
        }
        catch (Exception ex) when (ex is BobValidationException or GitProviderException)
        {
            return await FailAsync(TextRules.Excerpt(ex.Message, 300), cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            var result = await connections.TestAsync(User.GetUserId(), id, cancellationToken);
            Message = result.Ok
                ? $"The connection works (signed in as {result.Login}{(result.Installation is { } i ? $"; the App is installed on {i.Account}" : "")})."
                : null;
            Error = result.Ok ? null : $"The connection does not work: {result.Error}";
        }
        catch (BobNotFoundException ex) when (ex.Resource == BobNotFoundException.Connection)
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid id, CancellationToken cancellationToken) =>
        await connections.DisconnectAsync(User.GetUserId(), id, cancellationToken) ? RedirectToPage() : NotFound();

    private async Task<IActionResult> FailAsync(string error, CancellationToken cancellationToken)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Connections = await connections.ListAsync(User.GetUserId(), cancellationToken);
        var installations = new Dictionary<Guid, GitAppInstallation>();
        if (Apps is { } apps)
        {
            foreach (var connection in Connections.Where(c => c.AppInstallationId is not null))
            {
                if (await apps.GetInstallationAsync(connection, cancellationToken) is { } installation)
                {
                    installations[connection.Id] = installation;
                }
            }
        }

        Installations = installations;
    }
}
