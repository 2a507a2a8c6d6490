using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 22 through the host: the GitHub App's install, setup and complete routes against a fake GitHub Enterprise Server
/// (<see cref="FakeGitHubApp"/>, which verifies every App JWT with the App's public key), and GitHub's own
/// <c>installation.deleted</c> example delivered, signed, to <c>/api/webhooks/github</c>.
/// </summary>
public sealed class GitHubAppEndpointTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>, IAsyncLifetime
{
    private const string PublicBaseUrl = "https://bob.example.org/";
    private const string WebhookSecret = "github-app-webhook-secret-for-tests";
    private readonly FakeGitHubApp _app = new();
    private FakeProviderServer _github = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeProviderServer.StartAsync();
        _github.Handler = _app.Handle;
        _factory = host.Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Security:AllowPrivateNetworkInstances", "true");
            builder.UseSetting("Providers:GitHub:ApiBaseUrl", _github.BaseUri + "api/v3/");
            builder.UseSetting("Providers:GitHub:App:ClientId", _app.ClientId);
            builder.UseSetting("Providers:GitHub:App:ClientSecret", _app.ClientSecret);
            builder.UseSetting("Providers:GitHub:App:Slug", _app.Slug);
            builder.UseSetting("Providers:GitHub:App:PrivateKey", _app.PrivateKeyPem);
            builder.UseSetting("Webhooks:GitHub:Secret", WebhookSecret);
            builder.UseSetting("Host:PublicBaseUrl", PublicBaseUrl);
        });
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _github.DisposeAsync();
        _app.Dispose();
    }

    private async Task<HttpClient> UserAsync(string name) => (await PageBrowser.ApiUserAsync(_factory, name)).Client;

    private async Task<string> StateAsync(HttpClient client)
    {
        var install = await client.GetAsync("/api/connections/github-app/install");
        Assert.Equal(HttpStatusCode.Redirect, install.StatusCode);
        var location = install.Headers.Location!;
        Assert.Equal($"{_github.BaseUri}apps/{_app.Slug}/installations/new", location.GetLeftPart(UriPartial.Path));
        return System.Web.HttpUtility.ParseQueryString(location.Query)["state"]!;
    }

    private Task<HttpResponseMessage> CompleteAsync(HttpClient client, string state, long installationId, string login = "octocat") =>
        client.PostAsJsonAsync("/api/connections/github-app/complete", new { code = _app.IssueCode(login), state, installationId });

    [Fact]
    public async Task InstallThenComplete_CreatesAGitHubAppConnection_ThatNamesItsInstallation_AndNeverAToken()
    {
        _app.Install(101, "acme", "octocat", "acme/web");
        var client = await UserAsync("app");
        var state = await StateAsync(client);

        // GitHub sends the browser to the setup URL; without the page's cookie it is handed on to the app.
        var setup = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/api/connections/github-app/setup?installation_id=101&setup_action=install&state={state}&code=c0de");
        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.StartsWith("bob://auth/callback?provider=github&code=c0de&state=", setup.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("&installation_id=101", setup.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var created = await CompleteAsync(client, state, 101);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("github-app", body.GetProperty("kind").GetString());
        Assert.Equal(101, body.GetProperty("installation").GetProperty("id").GetInt64());
        Assert.Equal("acme", body.GetProperty("installation").GetProperty("account").GetString());
        Assert.Equal("acme/web", body.GetProperty("installation").GetProperty("repositories")[0].GetString());

        var test = await client.PostAsync($"/api/connections/{body.GetProperty("id").GetGuid()}/test", null);
        var tested = await test.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(tested.GetProperty("ok").GetBoolean());
        Assert.Equal("octocat", tested.GetProperty("login").GetString());
        Assert.Equal("active", tested.GetProperty("installation").GetProperty("status").GetString());

        var everything = await client.GetStringAsync("/api/connections") + await created.Content.ReadAsStringAsync() + await test.Content.ReadAsStringAsync();
        foreach (var secret in _app.InstallationTokens.Concat(_app.UserTokens))
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.Equal(0, _app.RefusedJwts);
    }

    [Fact]
    public async Task AForgedInstallationId_IsForbidden_AndAUsedOrAnotherUsersState_IsBadRequest()
    {
        _app.Install(201, "acme", "octocat", "acme/web");
        _app.Install(202, "victim", "someone-else", "victim/secrets");
        var client = await UserAsync("forger");
        var other = await UserAsync("other");

        var forged = await CompleteAsync(client, await StateAsync(client), 202);
        var state = await StateAsync(client);
        var stolen = await CompleteAsync(other, state, 201);
        var first = await CompleteAsync(client, state, 201);
        var again = await CompleteAsync(client, state, 201);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("cannot see App installation 202", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(0, _app.Mints(202));
    }

    [Fact]
    public async Task GitHubsInstallationDeletedDelivery_MakesRegisteringWithTheConnection409_SayingToInstallAgain()
    {
        // GitHub's own example, pointed at this installation and this Enterprise Server.
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<GitHubAppEndpointTests>("github", "installation.deleted.json"))!;
        payload["installation"]!["id"] = 301;
        payload["installation"]!["account"]!["html_url"] = _github.BaseUri + "acme";
        payload["installation"]!["account"]!["login"] = "acme";
        _app.Install(301, "acme", "octocat", "acme/web");
        var client = await UserAsync("deleted");
        var created = await CompleteAsync(client, await StateAsync(client), 301);
        var connectionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        using var delivery = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(bytes) };
        delivery.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        delivery.Headers.Add("X-GitHub-Event", "installation");
        delivery.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        delivery.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), bytes)));
        Assert.Equal(HttpStatusCode.Accepted, (await _factory.CreateClient().SendAsync(delivery)).StatusCode);

        var store = _factory.Services.GetRequiredService<IGitAppInstallationStore>();
        var instance = GitInstance.Create(GitProvider.GitHub, _github.BaseUri.ToString());
        for (var i = 0; i < 100 && (await store.FindAsync(instance, 301))?.DeletedAt is null; i++)
        {
            await Task.Delay(100);
        }

        var register = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"{_github.BaseUri}acme/web.git", connectionId });

        Assert.Equal(HttpStatusCode.Conflict, register.StatusCode);
        var problem = await register.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("App installation unavailable", problem.GetProperty("title").GetString());
        Assert.Contains("install the App on acme again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Installs from the /connections page: the state goes to GitHub and into this browser's cookie.</summary>
    private static async Task<string> InstallFromThePageAsync(HttpClient browser)
    {
        var started = await browser.PostAsync("/connections?handler=Install", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await PageBrowser.AntiforgeryTokenAsync(browser, "/connections"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Contains("/installations/new?state=", started.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return System.Web.HttpUtility.ParseQueryString(started.Headers.Location!.Query)["state"]!;
    }

    [Fact]
    public async Task InstalledFromTheConnectionsPage_CompletesInThatBrowser_AndThePageListsTheInstallation()
    {
        _app.Install(401, "acme", "octocat", "acme/web", "acme/api");
        using var browser = await PageBrowser.SignedInAsync(_factory, "page-app");
        var state = await InstallFromThePageAsync(browser);

        var setup = await browser.GetAsync($"/api/connections/github-app/setup?installation_id=401&setup_action=install&code={_app.IssueCode("octocat")}&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.Redirect, setup.StatusCode);
        Assert.Equal("/connections?connected=true", setup.Headers.Location!.OriginalString);
        var page = await browser.GetStringAsync("/connections");
        Assert.Contains("GitHub App", page, StringComparison.Ordinal);
        Assert.Contains("App installed on <strong>acme</strong>", page, StringComparison.Ordinal);
        Assert.Contains("acme/api, acme/web", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInstallationCompletedInABrowserSignedInAsSomeoneElse_CreatesNothing()
    {
        _app.Install(402, "acme", "octocat", "acme/web");
        using var browser = await PageBrowser.SignedInAsync(_factory, "page-app-starter");
        var state = await InstallFromThePageAsync(browser);
        using (var scope = _factory.Services.CreateScope())
        {
            var other = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"page-app-other-{Guid.NewGuid():N}", false);
            await PageBrowser.SignInAsync(browser, await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(other.Id));
        }

        var setup = await browser.GetAsync($"/api/connections/github-app/setup?installation_id=402&setup_action=install&code={_app.IssueCode("octocat")}&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, setup.StatusCode);
        Assert.Equal(0, _app.Mints(402));
        Assert.DoesNotContain("App installed on", await browser.GetStringAsync("/connections"), StringComparison.Ordinal);
    }

    /// <summary>GitHub's authorize page: the user has authorized the App already, so it sends a code bound to the request's PKCE challenge straight back.</summary>
    private string Authorize(Uri authorize)
    {
        Assert.Equal($"{_github.BaseUri}login/oauth/authorize", authorize.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal((_app.ClientId, "S256", PublicBaseUrl + "api/connections/github-app/setup"), (query["client_id"], query["code_challenge_method"], query["redirect_uri"]));
        return _app.IssueCode("octocat", query["code_challenge"]);
    }

    [Fact]
    public async Task InstalledWithoutUserAuthorization_ThePageAuthorizesWithPkce_ThenCompletes()
    {
        _app.Install(501, "acme", "octocat", "acme/web");
        using var browser = await PageBrowser.SignedInAsync(_factory, "page-pkce");
        var state = await InstallFromThePageAsync(browser);

        var installed = await browser.GetAsync($"/api/connections/github-app/setup?installation_id=501&setup_action=install&state={Uri.EscapeDataString(state)}");
        Assert.Equal(HttpStatusCode.Redirect, installed.StatusCode);
        var code = Authorize(installed.Headers.Location!);
        var authorized = await browser.GetAsync($"/api/connections/github-app/setup?code={code}&state={Uri.EscapeDataString(state)}");

        Assert.Equal("/connections?connected=true", authorized.Headers.Location!.OriginalString);
        Assert.Contains("App installed on <strong>acme</strong>", await browser.GetStringAsync("/connections"), StringComparison.Ordinal);
        Assert.Equal(1, _app.Mints(501));
    }

    [Fact]
    public async Task InstalledWithoutUserAuthorization_TheAppAsksForTheAuthorizeUrl_ThenCompletes_AndAWrongVerifierWouldFail()
    {
        _app.Install(502, "acme", "octocat", "acme/web");
        var client = await UserAsync("app-pkce");
        var state = await StateAsync(client);

        var setup = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync($"/api/connections/github-app/setup?installation_id=502&setup_action=install&state={Uri.EscapeDataString(state)}");
        Assert.Equal($"bob://auth/callback?provider=github&state={Uri.EscapeDataString(state)}&installation_id=502", setup.Headers.Location!.OriginalString);
        var stranger = await UserAsync("stranger");
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.GetAsync($"/api/connections/github-app/authorize?state={Uri.EscapeDataString(state)}")).StatusCode);
        var authorize = await client.GetAsync($"/api/connections/github-app/authorize?state={Uri.EscapeDataString(state)}");
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var completed = await client.PostAsJsonAsync("/api/connections/github-app/complete", new { code = Authorize(authorize.Headers.Location!), state, installationId = 502 });
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);

        // A code bound to another verifier's challenge is refused by GitHub: the exchange carries the state's own verifier.
        var other = await StateAsync(client);
        var wrong = await client.PostAsJsonAsync("/api/connections/github-app/complete", new { code = _app.IssueCode("octocat", "challenge-of-another-verifier-00000000000000"), state = other, installationId = 502 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
    }

    /// <summary>The setup URL is where browsers land: whatever they accept, a bad visit is a 400 problem, never a 500 or a blank page.</summary>
    [Theory]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task ASetupVisitWithoutState_IsA400Problem_WhateverTheBrowserAccepts(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/connections/github-app/setup?installation_id=1&setup_action=install");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("start installing again", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>An app that repeats its complete request (a retry, a double tap) 50 times at once gets one connection.</summary>
    [Fact]
    public async Task TheSameCompleteFiftyTimesAtOnce_CreatesOneConnection_AndAnswersTheRest400()
    {
        _app.Install(601, "acme", "octocat", "acme/web");
        var client = await UserAsync("repeater");
        var state = await StateAsync(client);
        var code = _app.IssueCode("octocat");

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            client.PostAsJsonAsync("/api/connections/github-app/complete", new { code, state, installationId = 601 })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/connections");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(1, _app.Mints(601));
    }
}
