using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.Internal;

namespace Bob.Git;

/// <summary>
/// Calls a provider's OAuth 2.0 token endpoint (code exchange and refresh) on the suite's guarded, resilient HTTP client.
/// Refusals become <see cref="GitProviderException"/> naming the provider's error code, whether the provider
/// answers them with 400/401 (RFC 6749) or with HTTP 200 and an <c>error</c> field (GitHub). 5xx and timeouts are retried.
/// Neither tokens nor the client secret ever appear in an exception.
/// </summary>
public sealed class OAuthTokenEndpoint(IHttpClientFactory httpClients, TimeProvider timeProvider)
{
    /// <summary>Posts <paramref name="form"/> to <paramref name="tokenUri"/> and reads the tokens.</summary>
    /// <param name="provider">Who answers.</param>
    /// <param name="tokenUri">The token endpoint.</param>
    /// <param name="form">The form fields (grant type, code or refresh token, client credentials, PKCE verifier).</param>
    /// <param name="operation">What is attempted, for messages.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<TokenSet> RequestAsync(GitProvider provider, Uri tokenUri, IReadOnlyDictionary<string, string> form, string operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokenUri);
        ArgumentNullException.ThrowIfNull(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUri) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Options.Set(GitHttpClient.RetryUnsafeMethod, true); // "5xx and timeouts are retried" (plan 2.3)
        var response = await ProviderTransport.SendAsync(
            token => httpClients.CreateClient(GitHttpClient.Name).SendAsync(request, token), provider, tokenUri.GetLeftPart(UriPartial.Path), operation, cancellationToken).ConfigureAwait(false);

        using (response)
        {
            OAuthTokenResponse? body = null;
            try
            {
                body = await response.Content.ReadFromJsonAsync(OAuthJsonContext.Default.OAuthTokenResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not JSON: the status decides below.
            }
            catch (NotSupportedException)
            {
                // A content type other than JSON (an HTML error page).
            }

            if (body?.Error is { Length: > 0 } error)
            {
                var description = body.ErrorDescription is { Length: > 0 } d ? $" ({(d.Length <= 300 ? d : d[..300])})" : "";
                throw (int)response.StatusCode >= 500
                    ? new GitProviderException(BobErrorKind.Unavailable, $"{provider.ToDisplayName()} failed to {operation}: {error}{description}", provider, response.StatusCode)
                    : new GitProviderException(BobErrorKind.Unauthorized, $"{provider.ToDisplayName()} refused to {operation}: {error}{description}", provider, response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                await ProviderResponses.EnsureSuccessAsync(response, provider, operation, timeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (body?.AccessToken is not { Length: > 0 } accessToken)
            {
                throw new GitProviderException(BobErrorKind.Failed, $"{provider.ToDisplayName()} answered {operation} without an access token.", provider, response.StatusCode);
            }

            var now = timeProvider.GetUtcNow();
            return new TokenSet(
                accessToken,
                string.IsNullOrEmpty(body.RefreshToken) ? null : body.RefreshToken,
                body.ExpiresIn is > 0 and var expiresIn ? now.AddSeconds(expiresIn) : null,
                body.RefreshTokenExpiresIn is > 0 and var refreshIn ? now.AddSeconds(refreshIn) : null,
                body.Scope);
        }
    }
}
