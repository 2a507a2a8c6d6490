using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bob.SampleHost.Tests;

/// <summary>
/// The pages in a real browser: Debian's Chromium driven by Microsoft.Playwright (no browser download), against the
/// sample host as a process. Sign in, see a pull request and its commits on the repository page, watch the session page
/// turn the pull request to merged when GitHub's webhook says so, without a reload, then sign out.
/// </summary>
public sealed class PagesBrowserTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    /// <summary>Where Debian's chromium package puts the browser (<c>BOB_CHROMIUM</c> overrides it).</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("BOB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static byte[] GitHubPayload(string file, Action<JsonObject> change)
    {
        var payload = JsonNode.Parse(EmbeddedPayloads.Read<PagesBrowserTests>("github", file))!.AsObject();
        change(payload);
        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private static void Repository(JsonObject payload, string name)
    {
        payload["repository"]!["html_url"] = $"https://github.com/acme/{name}";
        payload["repository"]!["full_name"] = $"acme/{name}";
        payload["repository"]!["name"] = name;
    }

    private static byte[] PullRequest(string name, string action, bool merged, DateTimeOffset updatedAt) => GitHubPayload($"pull_request.{(merged ? "closed" : "opened")}.json", p =>
    {
        Repository(p, name);
        p["action"] = action;
        var pr = p["pull_request"]!.AsObject();
        pr["number"] = 7;
        pr["title"] = "Fix the login redirect loop";
        pr["state"] = merged ? "closed" : "open";
        pr["merged"] = merged;
        pr["merged_at"] = merged ? updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ") : null;
        pr["closed_at"] = merged ? updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ") : null;
        pr["updated_at"] = updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ");
        pr["draft"] = false;
        pr["head"]!["ref"] = "bob/login-fix";
        pr["base"]!["ref"] = "main";
    });

    private async Task PostAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<bool> ProcessedAsync(string sql, Guid? session = null)
    {
        await using var command = host.DataSource.CreateCommand(sql);
        if (session is { } s)
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = s });
        }

        return (bool)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task SignIn_SeeThePullRequestAndItsCommits_WatchTheMergeArriveWithoutAReload_SignOut()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does), or set BOB_CHROMIUM.");
        var name = $"pages-{Guid.NewGuid():N}"[..20];
        await using var running = await RunningHost.StartAsync(host.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
            ["Webhooks__Worker__PollInterval"] = "00:00:01",
        });
        string key;
        Guid userId;
        using (var scope = host.Factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"browser-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
            userId = user.Id;
        }

        using var api = new HttpClient { BaseAddress = running.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var repository = await (await api.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = $"https://github.com/acme/{name}.git" })).Content.ReadFromJsonAsync<JsonElement>();
        var repositoryId = repository.GetProperty("id").GetGuid();
        var session = await (await api.PostAsJsonAsync("/api/sessions", new { repositoryId, title = "Login redirect" })).Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("id").GetGuid();

        // GitHub tells the host of the pull request and of a push to its branch.
        using var plain = new HttpClient { BaseAddress = running.BaseAddress };
        await PostAsync(plain, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "opened", merged: false, DateTimeOffset.UtcNow.AddMinutes(-5))));
        await PostAsync(plain, ProviderDeliveries.GitHub("push", GitHubPayload("push.branch.json", p =>
        {
            Repository(p, name);
            p["ref"] = "refs/heads/bob/login-fix";
            p["commits"]![0]!["message"] = "Stop redirecting twice after login";
        })));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await ProcessedAsync($"SELECT EXISTS (SELECT 1 FROM git_commits WHERE remote_name = '{name}' AND pull_request_id IS NOT NULL)"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the webhooks were not processed");
            await Task.Delay(100);
        }

        using (var scope = host.Factory.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IPullRequestStore>();
            var pr = (await store.ListAsync(userId, new PullRequestFilter(Remote: new RemoteRepositoryIdentity(GitInstance.GitHubCom, "acme", name)), 1, null)).Single();
            Assert.True(await store.LinkSessionAsync(pr.Id, sessionId));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = running.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();

        // Signed out, a page sends the browser to /login.
        await page.GotoAsync($"/repositories/{repositoryId}");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The URL only: the assertions below wait for what they need (waiting for a load state once hung under full-suite load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/repositories/{repositoryId}$"), new() { Timeout = 30_000 });

        var timeline = page.GetByRole(AriaRole.Table, new() { Name = "Pull request timeline, newest first" });
        await Assertions.Expect(timeline).ToContainTextAsync("#7 Fix the login redirect loop");
        await Assertions.Expect(timeline).ToContainTextAsync("open");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Commits, newest first; Bob's are marked" })).ToContainTextAsync("Stop redirecting twice after login");
        Assert.Equal(1, await page.Locator("h1").CountAsync());

        // The session page, then GitHub reports the merge: the header changes with no reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "session" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/sessions/{sessionId}$"), new() { Timeout = 30_000 });
        var status = page.Locator("#pr-status");
        await Assertions.Expect(status).ToHaveTextAsync("open");
        await page.EvaluateAsync("window.__noReload = true");
        await PostAsync(plain, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "closed", merged: true, DateTimeOffset.UtcNow)));
        await Assertions.Expect(status).ToHaveTextAsync("merged", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#events")).ToContainTextAsync("pr.merged");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "bob-session-page.png"), FullPage = true });

        // Another user's pages are 404 for this user; signing out ends the session.
        var foreign = await page.GotoAsync($"/sessions/{Guid.NewGuid()}");
        Assert.Equal(404, foreign!.Status);
        await page.GotoAsync("/repositories");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"), new() { Timeout = 30_000 });
        await page.GotoAsync("/repositories");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }
}
