using System.Net;
using System.Net.Http.Headers;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Internal;

/// <summary>
/// Sits between Octokit and the suite's guarded, resilient handler chain: keeps requests on the API's own origin, gives
/// them the caller's cancellation, translates transport failures like every other client (<see cref="ProviderTransport"/>), answers pull request list polls from the ETag cache on 304, and turns every error
/// response into the suite's typed exceptions before Octokit sees it (so a redirect is never followed, and a 429 is a
/// <see cref="GitProviderException"/> rather than Octokit's generic <c>ApiException</c>).
/// </summary>
internal sealed class GitHubApiHandler(Uri apiBase, string accessToken, GitHubETagCache etags, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), apiBase.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            throw GitProviderException.InstanceNotAllowed($"Refusing to send the GitHub token to {uri.GetLeftPart(UriPartial.Authority)}, which is not the API at {apiBase.GetLeftPart(UriPartial.Authority)}.", GitProvider.GitHub);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, GitHubCallContext.Cancellation);
        // Lists polled by the backfill are asked conditionally: an unchanged one answers 304, which costs no rate limit.
        var conditional = request.Method == HttpMethod.Get
            && (uri.AbsolutePath.EndsWith("/pulls", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/reviews", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/comments", StringComparison.Ordinal)
                || uri.AbsolutePath.EndsWith("/status", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/check-runs", StringComparison.Ordinal));
        var key = conditional ? GitHubETagCache.Key(accessToken, uri) : null;
        GitHubETagCache.Entry? cached = null;
        if (key is not null && etags.TryGet(key, out var entry))
        {
            cached = entry;
            request.Headers.TryAddWithoutValidation("If-None-Match", entry.ETag);
        }

        var response = await ProviderTransport.SendAsync(
            token => base.SendAsync(request, token), GitProvider.GitHub, apiBase.GetLeftPart(UriPartial.Authority), OperationOf(request.Method, uri), linked.Token).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            response.Dispose();
            return Replay(request, cached);
        }

        try
        {
            await ProviderResponses.EnsureSuccessAsync(response, GitProvider.GitHub, $"{request.Method} {uri.AbsolutePath}", timeProvider, linked.Token).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (key is not null && response.Headers.ETag is { } etag)
        {
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var headers = response.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray())).ToArray();
            var stored = new GitHubETagCache.Entry(etag.ToString(), body, response.Content.Headers.ContentType?.MediaType, headers);
            etags.Set(key, stored);
            response.Dispose();
            return Replay(request, stored);
        }

        return response;
    }

    private static HttpResponseMessage Replay(HttpRequestMessage request, GitHubETagCache.Entry entry)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new ByteArrayContent(entry.Body) };
        if (entry.MediaType is not null)
        {
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(entry.MediaType) { CharSet = "utf-8" };
        }

        foreach (var (name, values) in entry.Headers)
        {
            response.Headers.TryAddWithoutValidation(name, values);
        }

        return response;
    }

    /// <summary>
    /// The request as an operation name of few values (a metric tag): the method and the path with owners, names, numbers and
    /// shas left out, such as <c>GET /repos/{owner}/{repo}/pulls/{number}</c>.
    /// </summary>
    internal static string OperationOf(HttpMethod method, Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0 && segments[i - 1] == "repos")
            {
                segments[i] = "{owner}";
                if (i + 1 < segments.Length)
                {
                    segments[++i] = "{repo}";
                }
            }
            else if (segments[i].All(char.IsAsciiDigit) || (segments[i].Length >= 40 && segments[i].All(char.IsAsciiHexDigit)))
            {
                segments[i] = "{id}";
            }
            else if (i > 0 && segments[i - 1] is "users" or "orgs")
            {
                segments[i] = "{name}";
            }
        }

        // GitHub Enterprise Server puts the API under /api/v3.
        var path = "/" + string.Join('/', segments).Replace("api/v3/", "", StringComparison.Ordinal);
        return $"{method} {path}";
    }
}
