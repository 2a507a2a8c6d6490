using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// JSON over HTTP for the hand-written provider clients (GitLab, Gitea): one instance, one token, source-generated
/// serialization, typed errors (<see cref="ProviderResponses"/>), and pagination that follows <c>Link: rel="next"</c> only
/// within the instance's own origin, so the token never leaves it.
/// </summary>
public sealed class ProviderApiClient
{
    private readonly HttpClient _http;
    private readonly GitInstance _instance;
    private readonly Uri _apiBase;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client.</summary>
    /// <param name="http">A client from <see cref="GitHttpClient.Name"/> (SSRF guard, retries, timeouts).</param>
    /// <param name="instance">The instance; for a self-hosted one its origin is the only one requests go to.</param>
    /// <param name="apiBase">
    /// The API root, ending in a slash (<c>https://gitea.example.com/api/v1/</c>). A self-hosted instance's API must be on
    /// the instance's origin; a cloud instance's API may be elsewhere (github.com's is <c>api.github.com</c>, or the
    /// configured alternative address): it comes from the host's configuration, never from a user. Either way, requests go
    /// only to the API root's origin.
    /// </param>
    /// <param name="authorization">The header that carries the token (Gitea: <c>token X</c>; GitLab: <c>Bearer X</c>).</param>
    /// <param name="timeProvider">The clock for rate-limit reset times.</param>
    public ProviderApiClient(HttpClient http, GitInstance instance, Uri apiBase, AuthenticationHeaderValue authorization, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(apiBase);
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!instance.IsCloud && !SameOrigin(apiBase, instance.BaseUri))
        {
            throw new ArgumentException($"The API base {apiBase.GetLeftPart(UriPartial.Authority)} is not on the instance {instance.BaseUrl}.", nameof(apiBase));
        }

        _http = http;
        _instance = instance;
        _apiBase = apiBase;
        _authorization = authorization;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// A client for a user-supplied <paramref name="instance"/> of <paramref name="provider"/>: checks the instance is that
    /// provider's and passes the SSRF guard, then uses the suite's HTTP client with <paramref name="apiPath"/> under the
    /// instance's base URL.
    /// </summary>
    /// <exception cref="ArgumentException">The instance is another provider's, or the token is empty.</exception>
    /// <exception cref="GitProviderException">The instance may not be contacted (SSRF guard).</exception>
    public static ProviderApiClient ForInstance(
        IHttpClientFactory httpClients,
        InstanceAddressGuard guard,
        GitProvider provider,
        GitInstance instance,
        string apiPath,
        AuthenticationHeaderValue authorization,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrEmpty(authorization?.Parameter, nameof(authorization));
        if (instance.Provider != provider)
        {
            throw new ArgumentException($"{instance} is not a {provider.ToDisplayName()} instance.", nameof(instance));
        }

        guard.EnsureAllowed(instance);
        return new ProviderApiClient(httpClients.CreateClient(GitHttpClient.Name), instance, new Uri(instance.BaseUri, apiPath), authorization, timeProvider);
    }

    /// <summary>GETs <paramref name="path"/> (relative to the API root) and reads the JSON answer.</summary>
    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, operation, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, type, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="body"/> as JSON and reads the JSON answer.</summary>
    public async Task<TResult> SendAsync<TBody, TResult>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, JsonContent.Create(body, bodyType), operation, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, resultType, operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="body"/> as JSON and ignores the answer's body.</summary>
    public async Task SendAsync<TBody>(HttpMethod method, string path, TBody body, JsonTypeInfo<TBody> bodyType, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, JsonContent.Create(body, bodyType), operation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs every page of a list, following <c>Link: rel="next"</c> (at most <paramref name="maxPages"/> pages).</summary>
    public async Task<IReadOnlyList<T>> GetAllPagesAsync<T>(string path, JsonTypeInfo<List<T>> type, string operation, CancellationToken cancellationToken, int maxPages = 100)
    {
        var all = new List<T>();
        var next = new Uri(_apiBase, path);
        for (var page = 0; next is not null; page++)
        {
            if (page == maxPages)
            {
                throw new GitProviderException(BobErrorKind.Failed, $"{_instance.Provider.ToDisplayName()} returned more than {maxPages} pages for {operation}.", _instance.Provider);
            }

            using var response = await SendAsync(HttpMethod.Get, next, null, operation, cancellationToken).ConfigureAwait(false);
            var items = await ReadAsync(response, type, operation, cancellationToken).ConfigureAwait(false);
            all.AddRange(items);
            next = items.Count == 0 ? null : NextPage(response);
        }

        return all;
    }

    /// <summary>
    /// GETs one page of a list: <paramref name="pathOrNext"/> is a path relative to the API root, or the <c>next</c> address
    /// an earlier page gave (still only sent to this instance's API). Returns the page and the next page's address, if any.
    /// </summary>
    public async Task<(T Page, string? Next)> GetPageAsync<T>(string pathOrNext, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrNext);
        var uri = Uri.TryCreate(pathOrNext, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute : new Uri(_apiBase, pathOrNext);
        using var response = await SendAsync(HttpMethod.Get, uri, null, operation, cancellationToken).ConfigureAwait(false);
        var page = await ReadAsync(response, type, operation, cancellationToken).ConfigureAwait(false);
        return (page, NextPage(response)?.AbsoluteUri);
    }

    /// <summary>Sends a request (relative to the API root) and returns the successful response; failures throw typed exceptions.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string operation, CancellationToken cancellationToken) =>
        SendAsync(method, new Uri(_apiBase, path), content, operation, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content, string operation, CancellationToken cancellationToken)
    {
        if (!SameOrigin(uri, _apiBase))
        {
            throw GitProviderException.InstanceNotAllowed($"Refusing to send the token for {operation} to {uri.GetLeftPart(UriPartial.Authority)}, which is not {_instance.BaseUrl}.", _instance.Provider);
        }

        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await ProviderTransport.SendAsync(
            token => _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token), _instance.Provider, _instance.BaseUrl, operation, cancellationToken).ConfigureAwait(false);

        try
        {
            await ProviderResponses.EnsureSuccessAsync(response, _instance.Provider, operation, _timeProvider, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("The answer is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new GitProviderException(BobErrorKind.Failed, $"{_instance.Provider.ToDisplayName()} answered {operation} with JSON of an unexpected shape: {ex.Message}", _instance.Provider, response.StatusCode, ex);
        }
    }

    private Uri? NextPage(HttpResponseMessage response) => NextLink(response, _apiBase);

    /// <summary>
    /// The <c>rel="next"</c> target of a response's <c>Link</c> header (RFC 8288, as GitHub, GitLab and Gitea page their lists),
    /// resolved against <paramref name="baseUri"/>; <see langword="null"/> on the last page.
    /// </summary>
    public static Uri? NextLink(HttpResponseMessage response, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (var link in string.Join(',', values).Split(','))
        {
            var parts = link.Split(';');
            if (parts.Length >= 2 && parts.Skip(1).Any(p => p.Trim().Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase)))
            {
                var target = parts[0].Trim().TrimStart('<').TrimEnd('>');
                return Uri.TryCreate(baseUri, target, out var uri) ? uri : null;
            }
        }

        return null;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
