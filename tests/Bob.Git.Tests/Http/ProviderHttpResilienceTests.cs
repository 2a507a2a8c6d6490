using System.Net.Http.Headers;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Tests.Http;

/// <summary>Fault injection against a fake provider on 127.0.0.1: what is retried, after how long, and what is not.</summary>
public sealed class ProviderHttpResilienceTests : IAsyncLifetime
{
    private ProviderTestHost _host = null!;
    private ProviderApiClient _api = null!;

    private FakeProviderServer Server => _host.Server;

    private ServiceProvider Services => _host.Services;

    public async Task InitializeAsync()
    {
        _host = await ProviderTestHost.StartAsync((_, _) => { }, o =>
        {
            o.MaxRetries = 2;
            o.BaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromSeconds(3);
            // Generous: on a busy 2-core machine a local answer has taken over 500 ms, which made a retry test see an extra attempt.
            o.AttemptTimeout = TimeSpan.FromSeconds(2);
            o.TotalTimeout = TimeSpan.FromSeconds(20);
        });
        var instance = GitInstance.Create(GitProvider.GitLab, Server.BaseUri.ToString());
        _api = new ProviderApiClient(
            Services.GetRequiredService<IHttpClientFactory>().CreateClient(GitHttpClient.Name),
            instance,
            new Uri(instance.BaseUri, "api/v4/"),
            new AuthenticationHeaderValue("Bearer", "fake-gitlab-token"),
            TimeProvider.System);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Func<RecordedRequest, FakeResponse?> Sequence(params FakeResponse[] responses)
    {
        var next = 0;
        return _ => responses[Math.Min(Interlocked.Increment(ref next) - 1, responses.Length - 1)];
    }

    private Task<HttpResponseMessage> Get() => _api.SendAsync(HttpMethod.Get, "user", null, "get the user", CancellationToken.None);

    private Task<HttpResponseMessage> Post() => _api.SendAsync(HttpMethod.Post, "projects/1/merge_requests", new StringContent("{}"), "create a merge request", CancellationToken.None);

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task Get_IsRetriedAfterA5xxOr408(int status)
    {
        Server.Handler = Sequence(new FakeResponse(status), FakeResponse.Json(200, "{}"));

        using var response = await Get();

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task ProviderRequests_AreMeasured_ByProviderOperationAndStatusClass()
    {
        using var durations = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GitTelemetry.Name, "bob.git.provider.request.duration");
        Server.Handler = Sequence(new FakeResponse(503), FakeResponse.Json(200, "{}"));
        using (await Get())
        {
        }

        Server.Handler = _ => new FakeResponse(500);
        var refused = await Assert.ThrowsAsync<GitProviderException>(Post);
        Assert.Equal(BobErrorKind.Unavailable, refused.Kind);

        var measured = durations.GetMeasurementSnapshot().Select(m => (m.Tags["bob.git.provider"], m.Tags["bob.git.operation"], m.Tags["http.response.status_class"])).ToArray();
        Assert.Contains(("gitlab", "get the user", "2xx"), measured);
        Assert.Contains(("gitlab", "create a merge request", "5xx"), measured);
    }

    [Fact]
    public async Task Post_IsNotRetriedAfterA500_ItMayHaveBeenProcessed()
    {
        Server.Handler = Sequence(new FakeResponse(500), FakeResponse.Json(201, "{}"));

        var ex = await Assert.ThrowsAsync<GitProviderException>(Post);
        Assert.Equal(BobErrorKind.Unavailable, ex.Kind);

        Assert.Single(Server.Requests);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, ex.StatusCode);
    }

    [Fact]
    public async Task Post_MarkedSafeToRepeat_IsRetriedAfterA502()
    {
        Server.Handler = Sequence(new FakeResponse(502), FakeResponse.Json(200, "{}"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, "oauth/token")) { Content = new StringContent("grant_type=refresh_token") };
        request.Options.Set(GitHttpClient.RetryUnsafeMethod, true);

        using var response = await Services.GetRequiredService<IHttpClientFactory>().CreateClient(GitHttpClient.Name).SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task Get_ThatTimesOut_IsRetried_ThenReportedUnavailable()
    {
        Server.Handler = _ => new FakeResponse(200, "{}", Delay: TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<GitProviderException>(Get);
        Assert.Equal(BobErrorKind.Unavailable, ex.Kind);

        Assert.Equal(3, Server.Requests.Count); // the first attempt and two retries, each cut at the attempt timeout
        Assert.Contains("in time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit429_WithRetryAfter_IsRetriedAfterThatLong_EvenForAPost()
    {
        Server.Handler = Sequence(FakeResponse.Json(429, """{"message":"Retry later"}""", new Dictionary<string, string> { ["Retry-After"] = "1" }), FakeResponse.Json(201, "{}"));
        var started = TimeProvider.System.GetTimestamp();

        using var response = await Post();

        Assert.Equal(2, Server.Requests.Count);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After");
    }

    [Fact]
    public async Task RateLimit429_WithoutRetryAfter_IsRetriedWithBackoff()
    {
        Server.Handler = Sequence(FakeResponse.Json(429, """{"message":"Retry later"}"""), FakeResponse.Json(200, "{}"));

        using var response = await Get();

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task RateLimit_ResettingLaterThanTheLongestWait_IsNotRetried_AndCarriesTheResetTime()
    {
        var reset = DateTimeOffset.UtcNow.AddHours(1);
        Server.Handler = _ => FakeResponse.Json(429, """{"message":"Retry later"}""", new Dictionary<string, string>
        {
            ["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var ex = await Assert.ThrowsAsync<GitProviderException>(Get);
        Assert.Equal(BobErrorKind.RateLimited, ex.Kind);

        Assert.Single(Server.Requests);
        Assert.Equal(reset.ToUnixTimeSeconds(), ex.ResetAt!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task GitHubPrimaryRateLimit403_IsRetriedAtXRateLimitReset()
    {
        var reset = DateTimeOffset.UtcNow.AddSeconds(1);
        Server.Handler = Sequence(
            FakeResponse.Json(403, """{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}""", new Dictionary<string, string>
            {
                ["x-ratelimit-limit"] = "5000",
                ["x-ratelimit-remaining"] = "0",
                ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            FakeResponse.Json(200, "{}"));

        using var response = await Get();

        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task GitHubSecondaryRateLimit403_WithoutHeaders_WaitsAMinute_SoIsNotRetriedHere()
    {
        Server.Handler = _ => FakeResponse.Json(403, """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}""");
        var before = DateTimeOffset.UtcNow;

        var ex = await Assert.ThrowsAsync<GitProviderException>(Get);
        Assert.Equal(BobErrorKind.RateLimited, ex.Kind);

        Assert.Single(Server.Requests);
        Assert.InRange(ex.ResetAt!.Value, before.AddSeconds(59), DateTimeOffset.UtcNow.AddSeconds(61));
    }

    [Theory]
    [InlineData(400, BobErrorKind.Rejected)]
    [InlineData(401, BobErrorKind.Unauthorized)]
    [InlineData(403, BobErrorKind.Forbidden)]
    [InlineData(404, BobErrorKind.NotFound)]
    [InlineData(405, BobErrorKind.Conflict)]
    [InlineData(406, BobErrorKind.Conflict)]
    [InlineData(409, BobErrorKind.Conflict)]
    [InlineData(422, BobErrorKind.Rejected)]
    public async Task Other4xx_AreNotRetried_AndBecomeTypedErrors(int status, BobErrorKind expected)
    {
        Server.Handler = _ => FakeResponse.Json(status, """{"message":"refused"}""");

        var ex = await Assert.ThrowsAnyAsync<GitProviderException>(Get);

        Assert.Equal(expected, ex.Kind);
        Assert.Single(Server.Requests);
        Assert.DoesNotContain("fake-gitlab-token", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed_SoTheTokenNeverLeavesTheInstance()
    {
        Server.Handler = _ => new FakeResponse(302, Headers: new Dictionary<string, string> { ["Location"] = "http://169.254.169.254/latest/meta-data/" });

        var ex = await Assert.ThrowsAsync<GitProviderException>(Get);
        Assert.True(ex.IsInstanceNotAllowed);

        Assert.Single(Server.Requests);
        Assert.Contains("169.254.169.254", ex.Message, StringComparison.Ordinal);
    }
}
