using System.Net;
using System.Text.Json;
using System.Text;
using Bob.Postgres;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.6: the sign-in cookie is for the pages (and the session page's own event stream); it never authorizes an API
/// write. A form or <c>text/plain</c> post from another origin that carries it (another port, a sibling subdomain: same
/// site, so SameSite=Lax sends it) is refused and changes nothing.
/// </summary>
public sealed class CookieApiWriteTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private async Task<(HttpClient Browser, Guid UserId, Guid SessionId)> SignedInBrowserAsync(string name)
    {
        string key;
        Guid userId;
        using (var scope = host.Factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{name}-{Guid.NewGuid():N}", false);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
            userId = user.Id;
        }

        var browser = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await browser.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = key, ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = await host.Factory.Services.GetRequiredService<Bob.Git.SessionService>().CreateAsync(userId, null, "Cookie");
        return (browser, userId, session.Id);
    }

    public static TheoryData<string, string?, string?> Posts => new()
    {
        { "application/x-www-form-urlencoded", "reason=x", "http://localhost:8081" },
        { "text/plain", "{\"reason\":\"x\"}", "http://evil.localhost" },
        { "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nx\r\n--b--\r\n", null },
        { "application/json", "{\"reason\":\"x\"}", "null" },
    };

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task ACrossOriginPostWithOnlyTheCookie_IsRefused_AndCancelsNothing(string contentType, string? body, string? origin)
    {
        var (browser, userId, session) = await SignedInBrowserAsync("cookie-write");
        var store = host.Factory.Services.GetRequiredService<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-9", "Keep running", null, null, null, session));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);

        foreach (var route in new[] { $"/api/task-runs/{run.Id}/cancel", $"/api/task-runs/{run.Id}/block", "/api/sessions" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = new StringContent(body ?? "", Encoding.UTF8) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await browser.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{route}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(TaskRunStatus.Running, (await store.GetAsync(userId, run.Id))!.Status);
        Assert.Single((await host.Factory.Services.GetRequiredService<Bob.Git.SessionService>().ListAsync(userId, null, null)).Items);
    }

    [Fact]
    public async Task TheCookie_StillReadsTheSessionsEventStream_ForThePagesOwnScript()
    {
        var (browser, _, session) = await SignedInBrowserAsync("cookie-read");

        using var response = await browser.GetAsync($"/api/sessions/{session}/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheApiKey_StillWrites()
    {
        var (client, _) = await host.CreateUserClientAsync("key-write");

        using var created = await client.PostAsync("/api/sessions", new StringContent("{\"title\":\"by key\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("by key", JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
    }
}
