using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages;

/// <summary><c>/logout</c>: ends the sign-in (a POST with the antiforgery token).</summary>
[AllowAnonymous]
internal sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PageAuthentication.CookieScheme);
        return LocalRedirect("/login");
    }
}
