using System.Globalization;
using System.Security.Claims;
using Bob.Postgres;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages;

/// <summary><c>/login</c>: an API key exchanged for the sign-in cookie.</summary>
[AllowAnonymous]
internal sealed class LoginModel(ApiKeyStore apiKeys) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? apiKey, CancellationToken cancellationToken)
    {
        var user = string.IsNullOrWhiteSpace(apiKey) ? null : await apiKeys.AuthenticateAsync(apiKey.Trim(), cancellationToken);
        if (user is null)
        {
            Error = "That API key is not valid.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString("D", CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Name),
        };
        if (user.IsAdmin)
        {
            claims.Add(new Claim(ClaimTypes.Role, Authentication.ApiKeyAuthenticationHandler.AdminRole));
        }

        await HttpContext.SignInAsync(PageAuthentication.CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, PageAuthentication.CookieScheme)));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/repositories");
    }
}
