using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Tests.Connections;

/// <summary>
/// The OAuth clients against fake providers on 127.0.0.1: authorize URLs, the token requests they send, and how each
/// provider's refusals read (GitHub answers them with HTTP 200 and an error field; GitLab and Gitea per RFC 6749).
/// </summary>
public sealed class OAuthClientTests : IAsyncLifetime
{
    private ProviderTestHost _host = null!;

    private FakeProviderServer Server => _host.Server;

    private ServiceProvider Services => _host.Services;

    public async Task InitializeAsync() => _host = await ProviderTestHost.StartAsync((git, server) => git
        .AddGitHub(o => { o.ApiBaseUrl = new Uri(server, "api/v3/").ToString(); o.ClientId = "Iv1.8a61f9b3a7aba766"; o.ClientSecret = new Secret("gh-secret"); })
        .AddGitLab(o => { o.BaseUrl = new Uri(server, "gitlab/").ToString(); o.ClientId = "gl-app-id"; o.ClientSecret = new Secret("gl-secret"); }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private IGitOAuthClient Client(GitProvider provider) => Services.GetServices<IGitOAuthClient>().Single(c => c.Provider == provider);

    private GitInstance GitHubInstance => GitInstance.Create(GitProvider.GitHub, Server.BaseUri.ToString());

    private GitInstance GitLabInstance => GitInstance.Create(GitProvider.GitLab, new Uri(Server.BaseUri, "gitlab").ToString());

    [Fact]
    public void GitHubAuthorizeUrl_CarriesClientStatePkceAndScope()
    {
        var url = Client(GitProvider.GitHub).BuildAuthorizeUrl(GitHubInstance, new Uri("https://bob.example/api/connections/oauth/github/callback"), "state-123", "challenge-abc");
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);

        Assert.Equal(new Uri(Server.BaseUri, "login/oauth/authorize").AbsoluteUri, url.GetLeftPart(UriPartial.Path));
        Assert.Equal(("Iv1.8a61f9b3a7aba766", "state-123", "challenge-abc", "S256", "repo read:user"), (query["client_id"], query["state"], query["code_challenge"], query["code_challenge_method"], query["scope"]));
        Assert.Equal("https://bob.example/api/connections/oauth/github/callback", query["redirect_uri"]);
    }

    [Fact]
    public async Task GitHubRefresh_ReadsTheRotatedTokensAndBothLifetimes()
    {
        Server.Handler = r => r is { Method: "POST", Path: "/login/oauth/access_token" }
            ? FakeResponse.Json(200, """{"access_token":"fake-user-access-token","expires_in":28800,"refresh_token":"fake-rotated-refresh-token","refresh_token_expires_in":15811200,"scope":"","token_type":"bearer"}""")
            : null;
        var before = DateTimeOffset.UtcNow;

        var tokens = await Client(GitProvider.GitHub).RefreshAsync(GitHubInstance, "fake-old-refresh-token");

        var request = Assert.Single(Server.Requests);
        Assert.Contains("application/json", request.Header("Accept"), StringComparison.Ordinal);
        var form = System.Web.HttpUtility.ParseQueryString(request.Body);
        Assert.Equal(("refresh_token", "fake-old-refresh-token", "Iv1.8a61f9b3a7aba766", "gh-secret"), (form["grant_type"], form["refresh_token"], form["client_id"], form["client_secret"]));
        Assert.Equal("fake-rotated-refresh-token", tokens.RefreshToken);
        Assert.InRange(tokens.AccessTokenExpiresAt!.Value, before.AddHours(8).AddSeconds(-5), DateTimeOffset.UtcNow.AddHours(8).AddSeconds(5));
        Assert.InRange(tokens.RefreshTokenExpiresAt!.Value, before.AddSeconds(15811200 - 5), DateTimeOffset.UtcNow.AddSeconds(15811200 + 5));
    }

    [Fact]
    public async Task GitHubRefusal_AnsweredWith200_IsUnauthorized()
    {
        Server.Handler = _ => FakeResponse.Json(200, """{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired.","error_uri":"https://docs.github.com"}""");

        var ex = await Assert.ThrowsAsync<GitProviderException>(() => Client(GitProvider.GitHub).RefreshAsync(GitHubInstance, "fake-spent-refresh-token"));
        Assert.Equal(BobErrorKind.Unauthorized, ex.Kind);

        Assert.Contains("bad_refresh_token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fake-spent-refresh-token", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gh-secret", ex.ToString(), StringComparison.Ordinal);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task GitLabCodeExchange_SendsTheVerifierAndRedirect_AndInvalidGrantIsUnauthorized()
    {
        Server.Handler = r => r.Path == "/gitlab/oauth/token"
            ? System.Web.HttpUtility.ParseQueryString(r.Body)["code"] == "good"
                ? FakeResponse.Json(200, """{"access_token":"de6780bc506a0446309bd9362820ba8aed28aa506c71eedbe1c5c4f9dd350e54","token_type":"Bearer","expires_in":7200,"refresh_token":"8257e65c97202ed1726cf9571600918f3bffb2544b26e00a61df9897668c33a1","created_at":1607635748}""")
                : FakeResponse.Json(400, """{"error":"invalid_grant","error_description":"The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}""")
            : null;
        var redirect = new Uri("https://bob.example/api/connections/oauth/gitlab/callback");

        var tokens = await Client(GitProvider.GitLab).ExchangeCodeAsync(GitLabInstance, "good", redirect, "verifier-xyz");
        var refused = await Assert.ThrowsAsync<GitProviderException>(() => Client(GitProvider.GitLab).ExchangeCodeAsync(GitLabInstance, "stale", redirect, "verifier-xyz"));
        Assert.Equal(BobErrorKind.Unauthorized, refused.Kind);

        var form = System.Web.HttpUtility.ParseQueryString(Server.Requests.First().Body);
        Assert.Equal(("authorization_code", "verifier-xyz", redirect.AbsoluteUri, "gl-app-id"), (form["grant_type"], form["code_verifier"], form["redirect_uri"], form["client_id"]));
        Assert.NotNull(tokens.RefreshToken);
        Assert.Contains("invalid_grant", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, Server.Requests.Count); // a refusal is not retried
    }

    [Fact]
    public void AnInstanceWithoutAnApplication_IsNotSupported()
    {
        Assert.False(Client(GitProvider.GitLab).Supports(GitInstance.GitLabCom));
        Assert.True(Client(GitProvider.GitLab).Supports(GitLabInstance));
        var refused = Assert.Throws<BobValidationException>(() => Client(GitProvider.GitLab).BuildAuthorizeUrl(GitInstance.GitLabCom, new Uri("https://bob.example/cb"), "s", "c"));
        Assert.Equal("provider", refused.Field);
    }
}
