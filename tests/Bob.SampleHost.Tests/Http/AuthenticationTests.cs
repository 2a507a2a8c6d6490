using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bob.SampleHost.Tests;

public sealed class AuthenticationTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public async Task Healthz_WithoutKey_AnswersOk()
    {
        using var client = host.Factory.CreateClient();

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer bob_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Api_WithoutValidKey_Answers401ProblemDetails(string? authorization)
    {
        using var client = host.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/repositories");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var problem = await response.Content.ReadFromJsonAsync<ProblemBody>();
        Assert.Equal(401, problem?.Status);
    }

    [Fact]
    public async Task Api_WithValidKey_IsServed()
    {
        var (client, _) = await host.CreateUserClientAsync("valid");

        var response = await client.GetAsync("/api/repositories");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_Answers404ProblemDetails()
    {
        var (client, _) = await host.CreateUserClientAsync("lost");

        var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ApiKey_OfOneUser_IsNotAcceptedWithAnotherPrefix()
    {
        var (client, _) = await host.CreateUserClientAsync("prefix");
        var key = client.DefaultRequestHeaders.Authorization!.Parameter!;
        using var other = host.Factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bob_ffffffffffffffff" + key[20..]);

        var response = await other.GetAsync("/api/repositories");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
