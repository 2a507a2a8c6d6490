namespace Bob.SampleHost.Authentication;

/// <summary>
/// Binds an OAuth flow started from the signed-in <c>/connections</c> page to that browser: an HttpOnly cookie holding the
/// state, sent back only on the provider's redirect to our callback, where it must match the state and the signed-in user
/// must be the one who started it.
/// </summary>
internal static class OAuthBrowserBinding
{
    public const string CookieName = ".bob.oauth-state";

    /// <summary>The path of the GitHub App's setup URL, where an installation started from the page comes back.</summary>
    public const string AppSetupPath = "/api/connections/github-app";

    public static void Set(HttpContext context, string state, string path = "/api/connections/oauth") => context.Response.Cookies.Append(CookieName, state, new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax, // sent on the provider's top-level redirect back to the host
        Secure = context.Request.IsHttps,
        Path = path,
        MaxAge = Bob.Git.GitOAuthFlow.AuthorizationLifetime,
        IsEssential = true,
    });

    public static string? Get(HttpContext context) => context.Request.Cookies[CookieName];

    /// <summary>Whether the browser's bound state is <paramref name="state"/>, compared in constant time.</summary>
    public static bool Matches(string bound, string state) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(bound), System.Text.Encoding.UTF8.GetBytes(state));

    public static void Clear(HttpContext context, string path = "/api/connections/oauth") => context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = path });
}
