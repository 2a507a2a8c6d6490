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

    /// <summary>Waits until <paramref name="sql"/> (a boolean query) is true (the bound only keeps a broken build from hanging).</summary>
    private async Task WaitForAsync(string sql, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await ProcessedAsync(sql))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} did not happen");
            await Task.Delay(100);
        }
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

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>Signs in on the login page the browser was sent to, and waits for the page it asked for.</summary>
    private static async Task SignInAsync(IPage page, string key, string path)
    {
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The URL only: the assertions after it wait for what they need (waiting for a load state once hung under full-suite load).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{System.Text.RegularExpressions.Regex.Escape(path)}$"), new() { Timeout = 30_000 });
    }

    /// <summary>Whether the page is wider than the window (something cut off or scrolling sideways).</summary>
    private static Task<bool> OverflowsAsync(IPage page) => page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");

    /// <summary>A user of the running host with an API key, a repository of github.com/acme/{name} (no connection: nobody is trusted) and a session on it.</summary>
    private async Task<(string Key, Guid UserId, HttpClient Api, Guid RepositoryId, Guid SessionId)> UserAsync(RunningHost running, string name)
    {
        string key;
        Guid userId;
        using (var scope = host.Factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"browser-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
            userId = user.Id;
        }

        var api = new HttpClient { BaseAddress = running.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var repository = await (await api.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = $"https://github.com/acme/{name}.git" })).Content.ReadFromJsonAsync<JsonElement>();
        var repositoryId = repository.GetProperty("id").GetGuid();
        var session = await (await api.PostAsJsonAsync("/api/sessions", new { repositoryId, title = "Login redirect" })).Content.ReadFromJsonAsync<JsonElement>();
        return (key, userId, api, repositoryId, session.GetProperty("id").GetGuid());
    }

    /// <summary>Links the user's only pull request of acme/{name} to the session; returns its id.</summary>
    private async Task<Guid> LinkAsync(Guid userId, string name, Guid sessionId)
    {
        using var scope = host.Factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IPullRequestStore>();
        var pr = (await store.ListAsync(userId, new PullRequestFilter(Remote: new RemoteRepositoryIdentity(GitInstance.GitHubCom, "acme", name)), 1, null)).Single();
        Assert.True(await store.LinkSessionAsync(pr.Id, sessionId));
        return pr.Id;
    }

    /// <summary>The sample host as a process on the fixture's database, taking GitHub's webhooks; fails first when Chromium is missing.</summary>
    private Task<RunningHost> StartHostAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does), or set BOB_CHROMIUM.");
        return RunningHost.StartAsync(host.ConnectionString, new Dictionary<string, string?>
        {
            ["Webhooks__GitHub__Secret"] = SampleHostFixture.GitHubSecret,
            ["Webhooks__Worker__PollInterval"] = "00:00:01",
        });
    }

    [Fact]
    public async Task SignIn_SeeThePullRequestAndItsCommits_WatchTheMergeArriveWithoutAReload_SignOut()
    {
        var name = $"pages-{Guid.NewGuid():N}"[..20];
        await using var running = await StartHostAsync();
        var (key, userId, api, repositoryId, sessionId) = await UserAsync(running, name);
        using var apiClient = api;

        // GitHub tells the host of the pull request and of a push to its branch.
        using var plain = new HttpClient { BaseAddress = running.BaseAddress };
        await PostAsync(plain, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "opened", merged: false, DateTimeOffset.UtcNow.AddMinutes(-5))));
        await PostAsync(plain, ProviderDeliveries.GitHub("push", GitHubPayload("push.branch.json", p =>
        {
            Repository(p, name);
            p["ref"] = "refs/heads/bob/login-fix";
            p["commits"]![0]!["message"] = "Stop redirecting twice after login";
        })));
        await WaitForAsync($"SELECT EXISTS (SELECT 1 FROM git_commits WHERE remote_name = '{name}' AND pull_request_id IS NOT NULL)", "processing the webhooks");

        await LinkAsync(userId, name, sessionId);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = running.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();

        // Signed out, a page sends the browser to /login.
        await page.GotoAsync($"/repositories/{repositoryId}");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await SignInAsync(page, key, $"/repositories/{repositoryId}");

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

    [Fact]
    public async Task ThePullRequestPage_ShowsTheActivityOldestFirst_MarksWhoMayNotSteer_AndGrowsLive_AtPhoneWidth()
    {
        var name = $"pr-page-{Guid.NewGuid():N}"[..20];
        await using var running = await StartHostAsync();
        var (key, userId, api, repositoryId, sessionId) = await UserAsync(running, name);
        using var apiClient = api;
        using var plain = new HttpClient { BaseAddress = running.BaseAddress };
        await PostAsync(plain, ProviderDeliveries.GitHub("pull_request", PullRequest(name, "opened", merged: false, DateTimeOffset.UtcNow.AddMinutes(-5))));
        await WaitForAsync($"SELECT EXISTS (SELECT 1 FROM pull_requests WHERE remote_name = '{name}')", "processing the webhook");

        var pullRequestId = await LinkAsync(userId, name, sessionId);

        // GitHub's review comment example on it, with a link that is no web page: shown as text, never as a link.
        await PostAsync(plain, ProviderDeliveries.GitHub("pull_request_review_comment", GitHubPayload("pull_request_review_comment.created.json", p =>
        {
            Repository(p, name);
            p["pull_request"]!["number"] = 7;
            p["comment"]!["html_url"] = "javascript:alert(document.cookie)";
            p["comment"]!["body"] = "<img src=x onerror=alert(1)> Maybe you should use more emoji on this line.";
        })));
        await WaitForAsync($"SELECT EXISTS (SELECT 1 FROM pull_request_comments WHERE remote_name = '{name}')", "processing the review comment");

        // GitHub's failing check run example on the pull request's head (issue 21).
        var head = JsonNode.Parse(EmbeddedPayloads.Read<PagesBrowserTests>("github", "pull_request.opened.json"))!["pull_request"]!["head"]!["sha"]!.GetValue<string>();
        await PostAsync(plain, ProviderDeliveries.GitHub("check_run", GitHubPayload("check_run.completed.json", p =>
        {
            Repository(p, name);
            p["check_run"]!["head_sha"] = head;
        })));
        await WaitForAsync($"SELECT EXISTS (SELECT 1 FROM commit_check_heads WHERE remote_name = '{name}' AND state = 'failure')", "processing the check run");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = running.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync($"/pull-requests/{pullRequestId}");
        await SignInAsync(page, key, $"/pull-requests/{pullRequestId}");

        var timeline = page.Locator("#timeline");
        await Assertions.Expect(timeline.Locator(".item-opened")).ToContainTextAsync("#7 Fix the login redirect loop");
        var times = await timeline.Locator("time").EvaluateAllAsync<string[]>("all => all.map(t => t.getAttribute('datetime'))");
        var at = times.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(at.Order(), at); // oldest first: GitHub's example comment is from 2019, before this pull request
        var comment = timeline.Locator(".item-inline");
        await Assertions.Expect(comment).ToContainTextAsync("<img src=x onerror=alert(1)> Maybe you should use more emoji on this line.");
        await Assertions.Expect(comment).ToContainTextAsync("README.md");
        await Assertions.Expect(comment.Locator(".untrusted-mark")).ToHaveTextAsync("not trusted");
        Assert.Equal(0, await page.Locator("a[href^='javascript']").CountAsync());
        await Assertions.Expect(page.Locator("#checks-state")).ToHaveTextAsync("failure");
        await Assertions.Expect(page.Locator("#checks-failing")).ToContainTextAsync("Octocoders-linter");
        Assert.False(await OverflowsAsync(page), "the pull request page is wider than a phone");

        // A conversation comment arrives while the page is open: it is added, marked, with no reload.
        await page.EvaluateAsync("window.__noReload = true");
        await PostAsync(plain, ProviderDeliveries.GitHub("issue_comment", GitHubPayload("issue_comment.created.json", p =>
        {
            Repository(p, name);
            p["issue"]!["number"] = 7;
            p["issue"]!["pull_request"] = new JsonObject { ["url"] = $"https://api.github.com/repos/acme/{name}/pulls/7", ["html_url"] = $"https://github.com/acme/{name}/pull/7" };
            p["comment"]!["body"] = "Ship it when the checks are green.";
        })));
        var live = timeline.Locator(".item-conversation");
        await Assertions.Expect(live).ToContainTextAsync("Ship it when the checks are green.", new() { Timeout = 15_000 });
        await Assertions.Expect(live.Locator(".untrusted-mark")).ToHaveTextAsync("not trusted");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");

        // The linter is run again (a new check run id) and passes: the badge, the failing names, the list and the timeline
        // follow, with no reload, and a reload shows the same.
        await PostAsync(plain, ProviderDeliveries.GitHub("check_run", GitHubPayload("check_run.completed.json", p =>
        {
            Repository(p, name);
            p["check_run"]!["head_sha"] = head;
            p["check_run"]!["id"] = 128620229;
            p["check_run"]!["conclusion"] = "success";
            p["check_run"]!["completed_at"] = "2019-05-15T15:31:12Z";
        })));
        await Assertions.Expect(page.Locator("#checks-state")).ToHaveTextAsync("success", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#checks-failing")).ToBeHiddenAsync();
        await Assertions.Expect(timeline.Locator(".item-checks").Last).ToContainTextAsync("success");
        await Assertions.Expect(page.Locator("#checks li")).ToHaveClassAsync("passing");
        Assert.True(await page.EvaluateAsync<bool>("window.__noReload === true"), "the page reloaded");
        await page.ReloadAsync();
        await Assertions.Expect(timeline.Locator(".item-checks")).ToHaveCountAsync(2);
        await Assertions.Expect(timeline.Locator(".item-checks").First).ToContainTextAsync("Octocoders-linter");
        await Assertions.Expect(page.Locator("#checks-state")).ToHaveTextAsync("success");
        Assert.False(await OverflowsAsync(page), "the pull request page is wider than a phone");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "bob-pull-request-page.png"), FullPage = true });

        // The repository page links to it, and its tables stack at phone width.
        await page.GotoAsync($"/repositories/{repositoryId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "#7 Fix the login redirect loop" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/pull-requests/{pullRequestId}$"), new() { Timeout = 30_000 });
        await page.GotoAsync($"/repositories/{repositoryId}");
        Assert.False(await OverflowsAsync(page), "the repository page is wider than a phone");
        Assert.Equal(404, (await page.GotoAsync($"/pull-requests/{Guid.NewGuid()}"))!.Status);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task AnAdmin_SeesTheWebhookChart_AndReplaysADeadLetter_WithJavaScriptOff_AtPhoneWidth()
    {
        await using var running = await StartHostAsync();
        string key;
        using (var scope = host.Factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"browser-admin-{Guid.NewGuid():N}", true);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        var reason = "Kanbanger answered 500 (" + Guid.NewGuid().ToString("N")[..6] + ")";
        Guid dead;
        await using (var insert = host.DataSource.CreateCommand(
            """
            INSERT INTO webhook_deliveries (provider, delivery_id, event_type, signature_valid, headers, payload, status, retry_count, error_message)
            VALUES ('github', $1, 'push', true, '{}'::jsonb, $2::json, 'failed', 4, $3) RETURNING id
            """))
        {
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Guid.NewGuid().ToString() });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = Encoding.UTF8.GetString(EmbeddedPayloads.Read<PagesBrowserTests>("github", "push.branch.json")) });
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = reason });
            dead = (Guid)(await insert.ExecuteScalarAsync())!;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { BaseURL = running.BaseAddress.ToString(), JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/webhooks");
        await SignInAsync(page, key, "/admin/webhooks");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figure[data-source=github] svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figure[data-source=github] rect.failures")).ToHaveCountAsync(1);
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = reason });
        await Assertions.Expect(row).ToBeVisibleAsync();
        Assert.False(await OverflowsAsync(page));
        await row.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("queued to be processed again");
        await WaitForAsync($"SELECT status = 'processed' FROM webhook_deliveries WHERE id = '{dead}'", "the replayed delivery");
        await page.GotoAsync("/admin/webhooks");
        await Assertions.Expect(page.GetByText(reason)).ToHaveCountAsync(0);
    }
}
