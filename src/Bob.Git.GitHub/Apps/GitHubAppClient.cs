using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.GitHub;

/// <summary>
/// The GitHub App (issue 22) on github.com or the configured Enterprise Server: its install URL, its user authorization
/// (the OAuth code flow with the App's client id and secret; user tokens last 8 hours and refresh tokens rotate), the
/// installations a user can see (<c>GET /user/installations</c>), installation tokens minted with the App's JWT
/// (<c>POST /app/installations/{id}/access_tokens</c>) and the installation that covers a repository
/// (<c>GET /repos/{owner}/{repo}/installation</c>). The JWT and the tokens never appear in a message or a log.
/// </summary>
public sealed class GitHubAppClient : OAuthClientBase, IGitAppClient, IDisposable
{
    private const string ApiVersion = "2022-11-28";
    private readonly IHttpClientFactory _httpClients;
    private readonly InstanceAddressGuard _guard;
    private readonly IOptions<GitHubOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lazy<GitHubAppJwt> _jwt;

    /// <summary>Creates the client.</summary>
    public GitHubAppClient(OAuthTokenEndpoint tokenEndpoint, IHttpClientFactory httpClients, InstanceAddressGuard guard, IOptions<GitHubOptions> options, TimeProvider timeProvider)
        : base(tokenEndpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClients = httpClients;
        _guard = guard;
        _options = options;
        _timeProvider = timeProvider;
        _jwt = new Lazy<GitHubAppJwt>(() => GitHubAppJwt.Create(options.Value.App));
    }

    /// <inheritdoc />
    public override GitProvider Provider => GitProvider.GitHub;

    /// <inheritdoc />
    public string? Unavailable(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var options = _options.Value;
        var app = options.App;
        if (!app.IsConfigured)
        {
            return "no GitHub App is configured: set Providers:GitHub:App:ClientId, ClientSecret, Slug and PrivateKeyPath (see the README's GitHub App section).";
        }

        if (!instance.Equals(options.WebInstance))
        {
            return $"the GitHub App is configured for {options.WebInstance}, not {instance}.";
        }

        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(app.ClientId))
        {
            missing.Add("Providers:GitHub:App:ClientId");
        }

        if (app.ClientSecret is null or { Length: 0 })
        {
            missing.Add("Providers:GitHub:App:ClientSecret");
        }

        if (string.IsNullOrWhiteSpace(app.Slug))
        {
            missing.Add("Providers:GitHub:App:Slug");
        }

        if (app.PrivateKeyPath is null && app.PrivateKey is null)
        {
            missing.Add("Providers:GitHub:App:PrivateKeyPath (or PrivateKey)");
        }

        return missing.Count == 0 ? null : $"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set.";
    }

    /// <inheritdoc />
    public Uri BuildInstallUrl(GitInstance instance, string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(state);
        Require(instance);
        var web = _options.Value.OAuthBaseUri;
        return new Uri(web, $"apps/{Uri.EscapeDataString(_options.Value.App.Slug!.Trim())}/installations/new?state={Uri.EscapeDataString(state)}");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitAppInstallationInfo>> ListUserInstallationsAsync(GitInstance instance, string userToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userToken);
        Require(instance);
        var found = new List<GitAppInstallationInfo>();
        await foreach (var item in PagesAsync(instance, "user/installations", "installations", userToken, "list the user's App installations", cancellationToken).ConfigureAwait(false))
        {
            found.Add(new GitAppInstallationInfo(
                item.GetProperty("id").GetInt64(),
                item.GetProperty("account").GetProperty("login").GetString() ?? "",
                item.TryGetProperty("repository_selection", out var selection) && selection.GetString() == "all",
                Timestamp(item, "suspended_at")));
        }

        return found;
    }

    /// <summary>The repositories an installation covers, as <c>owner/name</c> (<c>GET /installation/repositories</c> with its token).</summary>
    public async Task<IReadOnlyList<string>> ListInstallationRepositoriesAsync(GitInstance instance, string installationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(installationToken);
        Require(instance);
        var names = new List<string>();
        await foreach (var item in PagesAsync(instance, "installation/repositories", "repositories", installationToken, "list the installation's repositories", cancellationToken).ConfigureAwait(false))
        {
            names.Add(item.GetProperty("full_name").GetString() ?? "");
        }

        return names;
    }

    /// <inheritdoc />
    public async Task<GitAppInstallationToken> CreateInstallationTokenAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(installationId);
        Require(instance);
        const string operation = "mint an installation token";
        using var response = await SendAsync(instance, HttpMethod.Post, $"app/installations/{installationId.ToString(CultureInfo.InvariantCulture)}/access_tokens", Jwt(), operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new GitAppInstallationUnavailableException(installationId, "deleted",
                $"GitHub no longer knows App installation {installationId}: the App was uninstalled. Install the App again and connect it again.");
        }

        if (response.StatusCode == HttpStatusCode.Forbidden && !await ProviderRateLimit.IsRateLimitedAsync(response, cancellationToken).ConfigureAwait(false)
            && (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Contains("suspended", StringComparison.OrdinalIgnoreCase))
        {
            throw new GitAppInstallationUnavailableException(installationId, "suspended",
                $"App installation {installationId} is suspended: an owner of the account must unsuspend it in the account's installed apps settings.");
        }

        await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
        using var body = await ReadAsync(response, operation, cancellationToken).ConfigureAwait(false);
        var root = body.RootElement;
        if (root.TryGetProperty("token", out var token) && token.GetString() is { Length: > 0 } value
            && Timestamp(root, "expires_at") is { } expiresAt)
        {
            return new GitAppInstallationToken(value, expiresAt);
        }

        throw new GitProviderException(BobErrorKind.Failed, "GitHub answered the installation token request without a token and its expiry.", GitProvider.GitHub, response.StatusCode);
    }

    /// <inheritdoc />
    public async Task<long?> FindRepositoryInstallationAsync(GitInstance instance, string owner, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Require(instance);
        const string operation = "find the repository's App installation";
        using var response = await SendAsync(instance, HttpMethod.Get, $"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}/installation", Jwt(), operation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
        using var body = await ReadAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return body.RootElement.GetProperty("id").GetInt64();
    }

    /// <inheritdoc />
    /// <remarks>100 a page; the next page's <c>cursor</c> is read from the <c>Link</c> header. GitHub keeps 3 days (Enterprise Server 7).</remarks>
    public async Task<ProviderHookDeliveryPage> ListAppHookDeliveriesAsync(GitInstance instance, string? cursor, CancellationToken cancellationToken = default)
    {
        Require(instance);
        const string operation = "list the App's webhook deliveries";
        var path = "app/hook/deliveries?per_page=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
        using var response = await SendAsync(instance, HttpMethod.Get, path, Jwt(), operation, cancellationToken).ConfigureAwait(false);
        await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
        using var body = await ReadAsync(response, operation, cancellationToken).ConfigureAwait(false);
        var items = body.RootElement.ValueKind == JsonValueKind.Array
            ? body.RootElement.EnumerateArray().Select(d => new ProviderHookDelivery(
                Scalar(d, "id") ?? "",
                Scalar(d, "guid"),
                Timestamp(d, "delivered_at") ?? DateTimeOffset.MinValue,
                d.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0,
                d.TryGetProperty("redelivery", out var again) && again.ValueKind == JsonValueKind.True,
                Scalar(d, "event"))).ToArray()
            : [];
        return new ProviderHookDeliveryPage(items, NextCursor(response));
    }

    /// <inheritdoc />
    /// <remarks>Not retried by the HTTP pipeline: a second attempt would be a second redelivery.</remarks>
    public async Task RedeliverAppHookAsync(GitInstance instance, string deliveryId, CancellationToken cancellationToken = default)
    {
        Require(instance);
        if (!long.TryParse(deliveryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new GitProviderException(BobErrorKind.Invalid, $"'{TextRules.Excerpt(deliveryId)}' is not a GitHub delivery id.", GitProvider.GitHub);
        }

        const string operation = "redeliver an App webhook delivery";
        using var response = await SendAsync(instance, HttpMethod.Post, $"app/hook/deliveries/{id.ToString(CultureInfo.InvariantCulture)}/attempts", Jwt(), operation, cancellationToken, retryPost: false).ConfigureAwait(false);
        await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_jwt.IsValueCreated)
        {
            _jwt.Value.Dispose();
        }
    }

    /// <inheritdoc />
    protected override (string ClientId, Secret ClientSecret)? Credentials(GitInstance instance) =>
        Unavailable(instance) is null ? (_options.Value.App.ClientId!.Trim(), _options.Value.App.ClientSecret!) : null;

    /// <inheritdoc />
    protected override Uri AuthorizeUri(GitInstance instance) => new(_options.Value.OAuthBaseUri, "login/oauth/authorize");

    /// <inheritdoc />
    protected override Uri TokenUri(GitInstance instance) => new(_options.Value.OAuthBaseUri, "login/oauth/access_token");

    private void Require(GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (Unavailable(instance) is { } reason)
        {
            throw new BobValidationException("provider", $"The GitHub App cannot be used on {instance}: {reason}");
        }
    }

    private string Jwt()
    {
        try
        {
            return _jwt.Value.Create(_timeProvider.GetUtcNow());
        }
        catch (InvalidOperationException ex)
        {
            throw new BobConfigurationException(ex.Message, ex);
        }
    }

    private async IAsyncEnumerable<JsonElement> PagesAsync(GitInstance instance, string path, string property, string token, string operation, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var page = 1; page <= 100; page++)
        {
            using var response = await SendAsync(instance, HttpMethod.Get, $"{path}?per_page=100&page={page.ToString(CultureInfo.InvariantCulture)}", token, operation, cancellationToken).ConfigureAwait(false);
            await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
            using var body = await ReadAsync(response, operation, cancellationToken).ConfigureAwait(false);
            var items = body.RootElement.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(e => e.Clone()).ToArray() : [];
            foreach (var item in items)
            {
                yield return item;
            }

            var total = body.RootElement.TryGetProperty("total_count", out var count) && count.TryGetInt32(out var t) ? t : 0;
            if (items.Length < 100 || page * 100 >= total)
            {
                yield break;
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(GitInstance instance, HttpMethod method, string path, string bearer, string operation, CancellationToken cancellationToken, bool retryPost = true)
    {
        if (!instance.IsCloud)
        {
            _guard.EnsureAllowed(instance);
        }

        var uri = new Uri(_options.Value.ApiBaseFor(instance), path);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.ParseAdd(GitHubClientFactory.UserAgent);
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        if (method == HttpMethod.Post && retryPost)
        {
            request.Options.Set(GitHttpClient.RetryUnsafeMethod, true); // minting twice is harmless: the second token is simply another
        }

        return await ProviderTransport.SendAsync(
            token => _httpClients.CreateClient(GitHttpClient.Name).SendAsync(request, token), GitProvider.GitHub, uri.GetLeftPart(UriPartial.Path), operation, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new GitProviderException(BobErrorKind.Failed, $"GitHub answered {operation} with a body that is not JSON.", GitProvider.GitHub, response.StatusCode);
        }
    }

    private static string? Scalar(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : null;

    /// <summary>The <c>cursor</c> of the <c>Link</c> header's <c>next</c> page, or <see langword="null"/> at the end.</summary>
    private static string? NextCursor(HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is { } asked && ProviderApiClient.NextLink(response, asked) is { } next
            ? System.Web.HttpUtility.ParseQueryString(next.Query)["cursor"] is { Length: > 0 } cursor ? cursor : null
            : null;

    private static DateTimeOffset? Timestamp(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
}
