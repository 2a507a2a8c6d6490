using Bob.Git.Abstractions;

namespace Bob.Git.GitHub;

/// <summary>GitHub settings (configuration section <c>Providers:GitHub</c>).</summary>
public sealed class GitHubOptions
{
    /// <summary>The github.com REST API.</summary>
    public const string GitHubComApiBaseUrl = "https://api.github.com/";

    /// <summary>
    /// The REST API base URL. Default <c>https://api.github.com/</c>. A GitHub Enterprise Server API ends in <c>/api/v3</c>
    /// (<c>https://github.example.com/api/v3/</c>); its web instance is then the URL before <c>/api/v3</c>. Any other URL is taken as an
    /// alternative address of the github.com API (a proxy or a test double).
    /// </summary>
    public string ApiBaseUrl { get; set; } = GitHubComApiBaseUrl;

    /// <summary>The OAuth App or GitHub App client id, for the OAuth connect flow.</summary>
    public string? ClientId { get; set; }

    /// <summary>The matching client secret. Never logged.</summary>
    public Secret? ClientSecret { get; set; }

    /// <summary>The GitHub App's settings (<c>Providers:GitHub:App</c>, issue 22); unset, the App's features are unavailable.</summary>
    public GitHubAppOptions App { get; set; } = new();

    /// <summary>The REST API root of <paramref name="instance"/>: <see cref="ApiBaseUrl"/> for the configured instance, else <c>{instance}/api/v3/</c>.</summary>
    internal Uri ApiBaseFor(GitInstance instance) =>
        instance.IsCloud || instance.Equals(WebInstance)
            ? new Uri(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/")
            : new Uri(instance.BaseUri, "api/v3/");

    /// <summary>
    /// Where the OAuth endpoints (<c>login/oauth/authorize</c>, <c>login/oauth/access_token</c>) are: github.com for the
    /// github.com API, the Enterprise Server host for an <c>/api/v3</c> URL, and the <see cref="ApiBaseUrl"/> itself for any
    /// other address of the github.com API (a proxy or a test double serves both).
    /// </summary>
    public Uri OAuthBaseUri
    {
        get
        {
            var web = WebInstance;
            return !web.IsCloud || string.Equals(ApiBaseUrl.TrimEnd('/') + "/", GitHubComApiBaseUrl, StringComparison.OrdinalIgnoreCase)
                ? web.BaseUri
                : new Uri(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");
        }
    }

    /// <summary>The web instance these settings point at: github.com, or the Enterprise Server host.</summary>
    /// <exception cref="InvalidOperationException"><see cref="ApiBaseUrl"/> is not an absolute http(s) URL.</exception>
    public GitInstance WebInstance
    {
        get
        {
            if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException("Providers:GitHub:ApiBaseUrl must be an absolute http or https URL.");
            }

            var path = api.AbsolutePath.TrimEnd('/');
            return path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
                ? GitInstance.Create(GitProvider.GitHub, api.GetLeftPart(UriPartial.Authority) + path[..^"/api/v3".Length])
                : GitInstance.GitHubCom;
        }
    }
}
