using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Input found by probing the running host that gave 5xx or said too much: each answer is a 4xx problem that names the field
/// and the rule, quotes at most a short prefix of the input, and shows no framework or PostgreSQL internals.
/// </summary>
public sealed class BadInputTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("nul\u0000name")]
    [InlineData("line\r\nbreak")]
    [InlineData("bell\u0007")]
    public async Task CreateRepository_NameWithControlCharacters_Is400NamingTheField(string name)
    {
        var (client, _) = await host.CreateUserClientAsync("control-chars");

        var response = await client.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = $"https://github.com/acme/{Guid.NewGuid():N}.git" });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _), problem.ToString());
    }

    [Theory]
    [InlineData("https://{0}.example/x.git")]
    [InlineData("https://github.com/acme/{0}")]
    [InlineData("{0}")]
    [InlineData("git@{0}:acme/x.git")]
    [InlineData("https://example.org/{0}/x.git?{0}")]
    public async Task CreateRepository_HugeInvalidUrl_IsNotEchoedBack(string shape)
    {
        var (client, _) = await host.CreateUserClientAsync("huge-url");
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, new string('a', 100_000));

        var response = await client.PostAsJsonAsync("/api/repositories", new { name = "huge", remoteUrl = url });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("remoteUrl", out _), problem.ToString());
        Assert.True(problem.ToString().Length < 2_000, $"{problem.ToString().Length} characters");
    }

    [Theory]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"name\":")]
    public async Task CreateRepository_BodyThatIsNotTheRequestObject_Is400WithoutFrameworkInternals(string body)
    {
        var (client, _) = await host.CreateUserClientAsync("null-body");

        var response = await client.PostAsync("/api/repositories", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = (await ProblemAsync(response, HttpStatusCode.BadRequest)).ToString();
        Assert.DoesNotContain("FromServices", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("CreateRepositoryRequest", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_BodyPostgreSqlRefuses_Is400WithoutPostgreSqlsMessage()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"zen":"{{new string('x', 10_000)}}"} trailing garbage""");

        using var client = host.Factory.CreateClient();
        var response = await client.SendAsync(ProviderDeliveries.GitHub("ping", body));

        var problem = (await ProblemAsync(response, HttpStatusCode.BadRequest)).ToString();
        Assert.DoesNotContain("input syntax", problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("type json", problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("trailing garbage", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Webhook_SentAsAnotherContentType_Is415(string contentType)
    {
        var request = ProviderDeliveries.GitHub("ping", """{"zen":"Design for failure."}"""u8.ToArray());
        request.Content!.Headers.ContentType = new(contentType);

        using var client = host.Factory.CreateClient();
        var response = await client.SendAsync(request);

        await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.github+json")]
    public async Task Webhook_JsonContentTypes_AreAccepted(string contentType)
    {
        var request = ProviderDeliveries.GitHub("ping", """{"zen":"Design for failure."}"""u8.ToArray());
        request.Content!.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var client = host.Factory.CreateClient();
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
