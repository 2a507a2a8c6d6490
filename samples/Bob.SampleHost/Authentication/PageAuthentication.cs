using Microsoft.AspNetCore.Authentication.Cookies;

namespace Bob.SampleHost.Authentication;

/// <summary>
/// The pages' sign-in: an API key entered at <c>/login</c> is exchanged for a cookie (HttpOnly, SameSite=Lax, Secure over
/// https) that authenticates the pages and, for the page's own script, the API's reads (the session's event stream); an API
/// write with only the cookie is refused (<see cref="RefuseCookieApiWrites"/>). API routes answer a missing or expired
/// cookie with 401, never with a redirect.
/// </summary>
internal static class PageAuthentication
{
    /// <summary>The default scheme: an API key when the request has an Authorization header, else the cookie.</summary>
    public const string Scheme = "Bob";

    /// <summary>The cookie scheme.</summary>
    public const string CookieScheme = "BobCookie";

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = ".bob.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/login";
        o.LogoutPath = "/logout";
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context => ApiAwareAsync(context, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = context => ApiAwareAsync(context, StatusCodes.Status403Forbidden);
    }

    private static async Task ApiAwareAsync(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        // A page sends a browser that is not signed in to /login; one signed in without the right (an admin page) is 403.
        if (status == StatusCodes.Status401Unauthorized && !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.Redirect(context.RedirectUri);
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Unauthorized" : "Forbidden",
                Detail = status == StatusCodes.Status401Unauthorized
                    ? "Send an API key as 'Authorization: Bearer <api-key>', or sign in at /login."
                    : "This needs an admin's API key (or a sign-in made with one).",
            },
        });
    }

    /// <summary>
    /// Refuses an API write that only the sign-in cookie authenticates (issue 18.6). SameSite=Lax still sends the cookie on a
    /// form post from another port or a sibling subdomain (same site), so a cookie-authenticated <c>POST</c>, <c>PUT</c>,
    /// <c>PATCH</c> or <c>DELETE</c> to <c>/api</c> answers <c>403</c> and changes nothing: the API takes the API key
    /// (<c>Authorization: Bearer</c>), which no other origin's page can send. Reads (the session page's event stream) and
    /// routes that authenticate otherwise (webhooks by signature, cron by its secret) are untouched.
    /// </summary>
    public static async Task RefuseCookieApiWrites(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            && request.Headers.Authorization.Count == 0
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieScheme }
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "The sign-in cookie does not authorize API writes",
                    Detail = "Send an API key as 'Authorization: Bearer <api-key>'; the pages' cookie only reads.",
                },
            });
            return;
        }

        await next();
    }

    /// <summary>A Content-Security-Policy that allows only the host's own scripts and styles (no inline ones), and friends.</summary>
    public static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next();
    }
}
