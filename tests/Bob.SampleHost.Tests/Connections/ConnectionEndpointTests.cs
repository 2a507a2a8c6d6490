using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// SPEC §3 connections through the host, against a fake Gitea on 127.0.0.1 configured as the Gitea instance (with an
/// OAuth application), private networks allowed as SPEC §2 says tests do. Gitea answers with the user object of a real
/// gitea.com delivery (Resources/gitea/SOURCE.md).
/// </summary>
public sealed class ConnectionEndpointTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>, IAsyncLifetime
{
    private const string ClientId = "gitea-client-id";
    private const string ClientSecret = "gitea-client-secret";
    private FakeProviderServer _gitea = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _gitea = await FakeProviderServer.StartAsync();
        _factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Security:AllowPrivateNetworkInstances", "true");
            builder.UseSetting("Providers:Gitea:BaseUrl", _gitea.BaseUri.ToString());
            builder.UseSetting("Providers:Gitea:ClientId", ClientId);
            builder.UseSetting("Providers:Gitea:ClientSecret", ClientSecret);
            builder.UseSetting("Webhooks:Worker:Enabled", "false");
            builder.UseSetting("Host:PublicBaseUrl", PublicBaseUrl);
        });
    }

    private const string PublicBaseUrl = "https://bob.example.org/";

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _gitea.DisposeAsync();
    }

    private static string GiteaUser() => JsonNode.Parse(EmbeddedPayloads.Read<ConnectionEndpointTests>("gitea", "pull_request.merged.json"))!["sender"]!.ToJsonString();

    private static Task<(HttpClient Client, Guid UserId)> UserAsync(WebApplicationFactory<Program> factory, string name) => PageBrowser.ApiUserAsync(factory, name);

    private void GiteaAccepts(string token) => _gitea.Handler = r =>
        r.Path == "/api/v1/user" ? r.Header("Authorization") == $"token {token}" ? FakeResponse.Json(200, GiteaUser()) : FakeResponse.Json(401, """{"message":"invalid username, password or token","url":"https://gitea.com/api/swagger"}""") : null;

    private async Task<JsonElement> ConnectAsync(HttpClient client, string token)
    {
        var response = await client.PostAsJsonAsync("/api/connections/pat", new { provider = "gitea", instanceUrl = _gitea.BaseUri.ToString(), token });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task ConnectPat_ChecksTheTokenWithGitea_StoresItEncrypted_AndNeverReturnsIt()
    {
        const string token = "gitea-pat-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        GiteaAccepts(token);
        var (client, _) = await UserAsync(_factory, "pat");

        var created = await ConnectAsync(client, token);
        var list = await client.GetStringAsync("/api/connections");

        Assert.Equal("gitea", created.GetProperty("provider").GetString());
        Assert.Equal(_gitea.BaseUri.ToString().TrimEnd('/'), created.GetProperty("instanceUrl").GetString());
        Assert.DoesNotContain(token, created.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, list, StringComparison.Ordinal);
        Assert.Contains(created.GetProperty("id").GetString()!, list, StringComparison.Ordinal);
        await using var row = host.DataSource.CreateCommand("SELECT access_token_ciphertext FROM git_provider_connections WHERE id = @id");
        row.Parameters.AddWithValue("id", created.GetProperty("id").GetGuid());
        var ciphertext = (string)(await row.ExecuteScalarAsync())!;
        Assert.DoesNotContain(token, ciphertext, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(token)), ciphertext, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectPat_WithATokenGiteaRejects_Is422_AndStoresNothing()
    {
        GiteaAccepts("the-right-token");
        var (client, _) = await UserAsync(_factory, "rejected");

        var response = await client.PostAsJsonAsync("/api/connections/pat", new { provider = "gitea", instanceUrl = _gitea.BaseUri.ToString(), token = "a-wrong-token-123" });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("a-wrong-token-123", body, StringComparison.Ordinal);
        Assert.Equal("[]", await client.GetStringAsync("/api/connections"));
    }

    [Theory]
    [InlineData("""{"provider":"bitbucket","token":"x"}""", "provider")]
    [InlineData("""{"provider":"gitea","token":""}""", "token")]
    [InlineData("""{"provider":"gitea","token":"x","instanceUrl":"ftp://gitea.example.com"}""", "instanceUrl")]
    [InlineData("""{"provider":"gitea","token":"x"}""", "instanceUrl")]
    public async Task ConnectPat_BadInput_Is400NamingTheField(string json, string field)
    {
        var (client, _) = await UserAsync(host.Factory, "bad-input");

        var response = await client.PostAsync("/api/connections/pat", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}")]
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("https://localhost:{port}")]
    [InlineData("https://169.254.169.254")]
    [InlineData("https://[::1]:{port}")]
    public async Task ConnectPat_ToAPrivateInstance_IsRefusedWithoutContactingIt(string url)
    {
        GiteaAccepts("token-for-ssrf");
        var (client, _) = await UserAsync(host.Factory, "ssrf"); // the default host: private networks not allowed

        var response = await client.PostAsJsonAsync("/api/connections/pat", new { provider = "gitea", instanceUrl = url.Replace("{port}", _gitea.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), token = "token-for-ssrf" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Instance URL not allowed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Empty(_gitea.Requests);
    }

    [Fact]
    public async Task Test_ReportsTheLogin_AndDisconnect_RevokesAndErasesTheToken()
    {
        const string token = "gitea-pat-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
        GiteaAccepts(token);
        var (client, _) = await UserAsync(_factory, "lifecycle");
        var id = (await ConnectAsync(client, token)).GetProperty("id").GetGuid();

        var test = await (await client.PostAsync($"/api/connections/{id}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var deleted = await client.DeleteAsync($"/api/connections/{id}");
        var testAfter = await client.PostAsync($"/api/connections/{id}/test", null);

        Assert.True(test.GetProperty("ok").GetBoolean());
        Assert.Equal("anbraten", test.GetProperty("login").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, testAfter.StatusCode);
        await using var row = host.DataSource.CreateCommand("SELECT revoked_at IS NOT NULL AND access_token_ciphertext IS NULL AND refresh_token_ciphertext IS NULL FROM git_provider_connections WHERE id = @id");
        row.Parameters.AddWithValue("id", id);
        Assert.True((bool)(await row.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnotherUsersConnection_Is404_ForTestAndDelete()
    {
        const string token = "gitea-pat-cccccccccccccccccccccccccccccccccccccccc";
        GiteaAccepts(token);
        var (owner, _) = await UserAsync(_factory, "owner");
        var (other, _) = await UserAsync(_factory, "other");
        var id = (await ConnectAsync(owner, token)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/connections/{id}/test", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/connections/{id}")).StatusCode);
        Assert.True((await (await owner.PostAsync($"/api/connections/{id}/test", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
    }

    private void GiteaGrants(string code) => _gitea.Handler = r => (r.Method, r.Path) switch
    {
        ("POST", "/login/oauth/access_token") when System.Web.HttpUtility.ParseQueryString(r.Body)["code"] == code =>
            FakeResponse.Json(200, """{"access_token":"gitea-oauth-access","token_type":"bearer","expires_in":3600,"refresh_token":"gitea-oauth-refresh"}"""),
        ("GET", "/api/v1/user") when r.Header("Authorization") == "token gitea-oauth-access" => FakeResponse.Json(200, GiteaUser()),
        _ => null,
    };

    /// <summary>Starts the flow as <paramref name="client"/>'s user and returns the authorize URL's query.</summary>
    private static async Task<System.Collections.Specialized.NameValueCollection> StartAsync(HttpClient client, HttpRequestMessage? request = null)
    {
        var start = await client.SendAsync(request ?? new HttpRequestMessage(HttpMethod.Get, "/api/connections/oauth/gitea/start"));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return System.Web.HttpUtility.ParseQueryString(start.Headers.Location!.Query);
    }

    private static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string state, string code = "gitea-code-1", string provider = "gitea") =>
        client.PostAsJsonAsync($"/api/connections/oauth/{provider}/complete", new { code, state });

    [Fact]
    public async Task OAuth_TheCallbackHandsCodeAndStateToTheAppLink_CreatingNothing_AndTheAppCompletesWithItsKey_Once()
    {
        var (client, _) = await UserAsync(_factory, "oauth");
        GiteaGrants("gitea-code-1");

        var query = await StartAsync(client);
        Assert.Equal((ClientId, "code", "S256"), (query["client_id"], query["response_type"], query["code_challenge_method"]));
        Assert.Equal($"{PublicBaseUrl}api/connections/oauth/gitea/callback", query["redirect_uri"]);
        Assert.True(query["state"]!.Length >= 43);

        // The browser comes back without the API key: nothing is exchanged or stored; the app's link gets code and state.
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var callback = await browser.GetAsync($"/api/connections/oauth/gitea/callback?code=gitea-code-1&state={Uri.EscapeDataString(query["state"]!)}");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var link = callback.Headers.Location!;
        Assert.Equal(("bob", "auth"), (link.Scheme, link.Host));
        var handed = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.Equal(("gitea", "gitea-code-1", query["state"]), (handed["provider"], handed["code"], handed["state"]));
        Assert.Empty(_gitea.Requests);
        Assert.Equal("[]", await client.GetStringAsync("/api/connections"));

        var completed = await CompleteAsync(client, query["state"]!);
        var replay = await CompleteAsync(client, query["state"]!);

        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var exchange = System.Web.HttpUtility.ParseQueryString(_gitea.Requests.First(r => r.Path == "/login/oauth/access_token").Body);
        Assert.Equal(("authorization_code", "gitea-code-1", ClientId, ClientSecret, query["redirect_uri"]), (exchange["grant_type"], exchange["code"], exchange["client_id"], exchange["client_secret"], exchange["redirect_uri"]));
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(exchange["code_verifier"]!))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(query["code_challenge"], challenge);
        var connections = await client.GetFromJsonAsync<JsonElement>("/api/connections");
        Assert.Single(connections.EnumerateArray());
        Assert.DoesNotContain("gitea-oauth-access", connections.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The hijack: an attacker starts the flow and sends the authorize link to a victim. Completing with the attacker's state
    /// as anyone but the attacker (the victim's app) creates nothing and leaves the state unused.
    /// </summary>
    [Fact]
    public async Task OAuth_AStateCompletedByAnotherUser_IsRefused_AndNotConsumed()
    {
        var (attacker, _) = await UserAsync(_factory, "attacker");
        var (victim, _) = await UserAsync(_factory, "victim");
        GiteaGrants("victims-code");
        var query = await StartAsync(attacker);

        var asVictim = await CompleteAsync(victim, query["state"]!, "victims-code");

        Assert.Equal(HttpStatusCode.BadRequest, asVictim.StatusCode);
        Assert.Empty(_gitea.Requests);
        Assert.Equal("[]", await victim.GetStringAsync("/api/connections"));
        Assert.Equal("[]", await attacker.GetStringAsync("/api/connections"));
        Assert.Equal(HttpStatusCode.Created, (await CompleteAsync(attacker, query["state"]!, "victims-code")).StatusCode); // still the starter's to use
    }

    [Fact]
    public async Task OAuth_AStatePresentedAtAnotherProvidersCompletion_IsRefusedWithoutBeingConsumed()
    {
        var (client, _) = await UserAsync(_factory, "wrong-provider");
        GiteaGrants("gitea-code-1");
        var query = await StartAsync(client);

        var atGitLab = await CompleteAsync(client, query["state"]!, provider: "gitlab");
        var atGitea = await CompleteAsync(client, query["state"]!);

        Assert.Equal(HttpStatusCode.BadRequest, atGitLab.StatusCode);
        Assert.Equal(HttpStatusCode.Created, atGitea.StatusCode);
    }

    [Fact]
    public async Task OAuth_TheRedirectUriComesFromThePublicBaseUrl_NeverFromAForgedHostHeader()
    {
        var (client, _) = await UserAsync(_factory, "forged-host");
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/connections/oauth/gitea/start");
        request.Headers.Host = "attacker.example";

        var query = await StartAsync(client, request);

        Assert.Equal($"{PublicBaseUrl}api/connections/oauth/gitea/callback", query["redirect_uri"]);
    }

    [Fact]
    public async Task OAuth_PendingStatesAreCappedPerUser_TheOldestDropped()
    {
        var (client, _) = await UserAsync(_factory, "many-starts");
        GiteaGrants("gitea-code-1");
        var states = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            states.Add((await StartAsync(client))["state"]!);
        }

        await using var pending = host.DataSource.CreateCommand("SELECT count(*) FROM oauth_pending_authorizations p JOIN users u ON u.id = p.user_id WHERE u.name LIKE 'many-starts-%'");
        Assert.Equal(10L, await pending.ExecuteScalarAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await CompleteAsync(client, states[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CompleteAsync(client, states[^1])).StatusCode);
    }

    [Theory]
    [InlineData("?state=abc")]
    [InlineData("")]
    public async Task OAuth_CallbackWithoutACode_Is400(string query)
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.GetAsync($"/api/connections/oauth/gitea/callback{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_gitea.Requests);
    }

    [Theory]
    [InlineData("?code=x&state=not-a-state-we-issued")]
    [InlineData("?error=access_denied&error_description=The+user+denied+access")]
    public async Task OAuth_CallbackHandsEvenABadStateOrAnErrorToTheApp_WithoutContactingTheProvider(string query)
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await browser.GetAsync($"/api/connections/oauth/gitea/callback{query}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("bob", response.Headers.Location!.Scheme);
        Assert.Empty(_gitea.Requests);
    }

    [Fact]
    public async Task OAuth_StartForAProviderWithoutAnApplication_Is400()
    {
        var (client, _) = await UserAsync(_factory, "no-app");

        var response = await client.GetAsync("/api/connections/oauth/gitlab/start");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task SetRepositoryConnection_AcceptsAConnectionOnTheRepositorysInstance_Only()
    {
        const string token = "gitea-pat-dddddddddddddddddddddddddddddddddddddddd";
        GiteaAccepts(token);
        var (client, _) = await UserAsync(_factory, "default");
        var connectionId = (await ConnectAsync(client, token)).GetProperty("id").GetGuid();
        var giteaRepo = await (await client.PostAsJsonAsync("/api/repositories", new { name = "test-repo", remoteUrl = new Uri(_gitea.BaseUri, "anbraten/test-repo.git").ToString() })).Content.ReadFromJsonAsync<JsonElement>();
        var githubRepo = await (await client.PostAsJsonAsync("/api/repositories", new { name = "hello", remoteUrl = "https://github.com/octocat/Hello-World.git" })).Content.ReadFromJsonAsync<JsonElement>();

        var ok = await client.PutAsJsonAsync($"/api/repositories/{giteaRepo.GetProperty("id").GetGuid()}/connection", new { connectionId });
        var mismatch = await client.PutAsJsonAsync($"/api/repositories/{githubRepo.GetProperty("id").GetGuid()}/connection", new { connectionId });
        var unknown = await client.PutAsJsonAsync($"/api/repositories/{giteaRepo.GetProperty("id").GetGuid()}/connection", new { connectionId = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(connectionId, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionId").GetGuid());
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("nul\u0000inside")]
    [InlineData("line\r\nX-Injected: yes")]
    [InlineData("tøken-with-non-ascii")]
    [InlineData("space inside")]
    public async Task ConnectPat_TokenWithControlOrNonAsciiCharacters_Is400NamingTheToken_AndNothingReachesTheProvider(string token)
    {
        var (client, _) = await UserAsync(_factory, "bad-token");
        GiteaAccepts("never");
        var before = _gitea.Requests.Count;

        var response = await client.PostAsJsonAsync("/api/connections/pat", new { provider = "gitea", instanceUrl = _gitea.BaseUri.ToString(), token });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("token", out _), problem.ToString());
        Assert.Equal(before, _gitea.Requests.Count);
    }

    private Task<HttpClient> BrowserAsync(string name) => PageBrowser.SignedInAsync(_factory, name);

    private static Task SignInAsync(HttpClient browser, string key) => PageBrowser.SignInAsync(browser, key);

    private static Task<string> AntiforgeryTokenAsync(HttpClient browser, string page) => PageBrowser.AntiforgeryTokenAsync(browser, page);

    /// <summary>Starts OAuth from the /connections page and returns the state the provider was sent.</summary>
    private static async Task<string> StartFromThePageAsync(HttpClient browser)
    {
        var started = await browser.PostAsync("/connections?handler=OAuth", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["provider"] = "gitea",
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(browser, "/connections"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        return System.Web.HttpUtility.ParseQueryString(started.Headers.Location!.Query)["state"]!;
    }

    [Fact]
    public async Task OAuth_StartedFromTheConnectionsPage_CompletesInThatBrowser_AndReturnsToThePage()
    {
        using var browser = await BrowserAsync("page-oauth");
        GiteaGrants("gitea-code-1");
        var state = await StartFromThePageAsync(browser);

        var callback = await browser.GetAsync($"/api/connections/oauth/gitea/callback?code=gitea-code-1&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/connections?connected=true", callback.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync("/connections");
        Assert.Contains("Gitea", page, StringComparison.Ordinal);
        Assert.Contains("Connected.", await browser.GetStringAsync("/connections?connected=true"), StringComparison.Ordinal);
        Assert.Single(_gitea.Requests, r => r.Path == "/login/oauth/access_token");
    }

    [Fact]
    public async Task OAuth_ABrowserThatStartedButIsNowSignedInAsSomeoneElse_CreatesNothing()
    {
        using var browser = await BrowserAsync("page-starter");
        GiteaGrants("gitea-code-1");
        var state = await StartFromThePageAsync(browser);

        // Another user signs in in the same browser before the provider sends it back.
        string otherKey;
        using (var scope = _factory.Services.CreateScope())
        {
            var other = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"page-other-{Guid.NewGuid():N}", false);
            otherKey = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(other.Id);
        }

        await SignInAsync(browser, otherKey);
        var callback = await browser.GetAsync($"/api/connections/oauth/gitea/callback?code=gitea-code-1&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, callback.StatusCode);
        Assert.Empty(_gitea.Requests);
        await using var connections = host.DataSource.CreateCommand("SELECT count(*) FROM git_provider_connections c JOIN users u ON u.id = c.user_id WHERE u.name LIKE 'page-%'");
        Assert.Equal(0L, await connections.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OAuth_ACallbackInABrowserWithoutTheBindingCookie_CreatesNothing()
    {
        using var starter = await BrowserAsync("page-bound");
        GiteaGrants("gitea-code-1");
        var state = await StartFromThePageAsync(starter);

        // The victim's browser, signed in, follows the attacker's authorize link: no binding cookie there.
        using var victim = await BrowserAsync("page-victim");
        var callback = await victim.GetAsync($"/api/connections/oauth/gitea/callback?code=gitea-code-1&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("bob", callback.Headers.Location!.Scheme); // handed to the app link, which can only complete as the victim
        Assert.Empty(_gitea.Requests);
    }

    [Fact]
    public async Task TheConnectionsPage_SignedOut_RedirectsToLogin_AndItsFormsNeedTheAntiforgeryToken()
    {
        using var anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync("/connections");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var browser = await BrowserAsync("page-csrf");
        var forged = await browser.PostAsync("/connections?handler=Pat", new FormUrlEncodedContent(new Dictionary<string, string> { ["provider"] = "gitea", ["token"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("default-src 'self'", (await browser.GetAsync("/connections")).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
