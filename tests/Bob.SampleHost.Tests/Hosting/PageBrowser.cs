using System.Net;
using Bob.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Clients of the in-process host: API clients with a new user's key, and a browser without script for the server-rendered
/// pages (its own cookies, signed in at <c>/login</c>, antiforgery tokens read from the forms).
/// </summary>
internal static class PageBrowser
{
    /// <summary>A browser (its own cookies, no redirects followed) signed in with a new user's API key.</summary>
    public static async Task<HttpClient> SignedInAsync(WebApplicationFactory<Program> factory, string name, bool admin = false)
    {
        string key;
        using (var scope = factory.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{name}-{Guid.NewGuid():N}", admin);
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        }

        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInAsync(browser, key);
        return browser;
    }

    /// <summary>An API client (no redirects followed) with a new user's API key, and the user's id.</summary>
    public static async Task<(HttpClient Client, Guid UserId)> ApiUserAsync(WebApplicationFactory<Program> factory, string name)
    {
        using var scope = factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync($"{name}-{Guid.NewGuid():N}", false);
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return (client, user.Id);
    }

    /// <summary>Signs <paramref name="browser"/> in at <c>/login</c> with <paramref name="key"/>.</summary>
    public static async Task SignInAsync(HttpClient browser, string key)
    {
        var signedIn = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = key,
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(browser, "/login"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "no antiforgery token on " + page);
        return match.Groups[1].Value;
    }
}
