using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.1: a browser's <c>EventSource</c> sends <c>Accept: text/event-stream</c>, and other clients send <c>*/*</c>,
/// <c>text/html</c> or nothing at all. Whatever the <c>Accept</c>, a 4xx is a problem body with its own status, never a 500.
/// </summary>
public sealed class ProblemsUnderAnyAcceptTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    public static TheoryData<string?> Accepts => new() { "text/event-stream", "*/*", "text/html", "image/png", null };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static HttpRequestMessage Get(string url, string? accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task AnotherUsersSessionEvents_Is404Problem_NotA500_WhateverTheAccept(string? accept)
    {
        var (owner, _) = await host.CreateUserClientAsync("accept-owner");
        var (stranger, _) = await host.CreateUserClientAsync("accept-stranger");
        var created = await owner.PostAsJsonAsync("/api/sessions", new { title = "Mine" });
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        using var theirs = await stranger.SendAsync(Get($"/api/sessions/{session}/events", accept));
        using var unknown = await owner.SendAsync(Get($"/api/sessions/{Guid.NewGuid()}/events", accept));

        await ProblemAsync(theirs, HttpStatusCode.NotFound);
        await ProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task AReplyToAnUnknownPullRequest_Is404_AndAMalformedOne400_Problems_WhateverTheAccept(string? accept)
    {
        var (client, _) = await host.CreateUserClientAsync("accept-replies");
        HttpRequestMessage Post(object body)
        {
            // JsonContent, as .NET clients send it: a chunked body.
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/pull-requests/{Guid.NewGuid()}/replies") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            return request;
        }

        using var unknown = await client.SendAsync(Post(new { inReplyTo = 21, body = "Done.", clientInputId = "a-1" }));
        using var malformed = await client.SendAsync(Post(new { inReplyTo = new { id = 21 }, body = "Done.", clientInputId = "a-2" }));
        using var empty = await client.SendAsync(Post(new { inReplyTo = "21", body = "", clientInputId = "a-3" }));

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.True((await ProblemAsync(malformed, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("inReplyTo", out _));
        await ProblemAsync(empty, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task AnUnknownPullRequestsComments_Is404_AndABadCursor400_Problems_WhateverTheAccept(string? accept)
    {
        var (client, _) = await host.CreateUserClientAsync("accept-comments");

        using var unknown = await client.SendAsync(Get($"/api/pull-requests/{Guid.NewGuid()}/comments", accept));
        using var badCursor = await client.SendAsync(Get($"/api/pull-requests/{Guid.NewGuid()}/comments?cursor=not-a-cursor", accept));
        using var badLimit = await client.SendAsync(Get($"/api/pull-requests/{Guid.NewGuid()}/comments?limit=0", accept));

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.True((await ProblemAsync(badCursor, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("cursor", out _));
        Assert.True((await ProblemAsync(badLimit, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task TheWebhookRoutes_AnswerProblems_WhateverTheAccept(string? accept)
    {
        var (client, _) = await host.CreateUserClientAsync("accept-hooks-" + Guid.NewGuid().ToString("N")[..6]);
        var created = await client.PostAsJsonAsync("/api/repositories", new { name = "web", remoteUrl = $"https://github.com/acme/accept-{Guid.NewGuid():N}.git" });
        var repository = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
        HttpRequestMessage Send(HttpMethod method, string url)
        {
            var request = new HttpRequestMessage(method, url);
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            return request;
        }

        using var unknown = await client.SendAsync(Send(HttpMethod.Delete, $"/api/repositories/{Guid.NewGuid()}"));
        using var unknownRotate = await client.SendAsync(Send(HttpMethod.Post, $"/api/repositories/{Guid.NewGuid()}/webhook/rotate-secret"));
        using var manual = await client.SendAsync(Send(HttpMethod.Post, $"/api/repositories/{repository}/webhook/rotate-secret"));
        using var notAdmin = await client.SendAsync(Send(HttpMethod.Get, "/admin/webhooks"));

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAsync(unknownRotate, HttpStatusCode.NotFound);
        Assert.Contains("does not manage", (await ProblemAsync(manual, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAsync(notAdmin, HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task AMissingOrBadApiKey_Is401Problem_WhateverTheAccept(string? accept)
    {
        using var client = host.Factory.CreateClient();
        using var missing = await client.SendAsync(Get($"/api/sessions/{Guid.NewGuid()}/events", accept));
        var bad = Get("/api/repositories", accept);
        bad.Headers.TryAddWithoutValidation("Authorization", "Bearer not-a-key");
        using var refused = await client.SendAsync(bad);

        await ProblemAsync(missing, HttpStatusCode.Unauthorized);
        await ProblemAsync(refused, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("0x10")]
    [InlineData(" 5")]
    public async Task ABadLastEventIdOrAfter_Is400Problem_NamingIt_WhateverTheAccept(string value)
    {
        var (client, _) = await host.CreateUserClientAsync("accept-bad-id");
        var created = await client.PostAsJsonAsync("/api/sessions", new { title = "Ids" });
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var errorsBefore = host.Logs.Lines.Count(l => l.Contains(" Error: ", StringComparison.Ordinal) || l.Contains(" Critical: ", StringComparison.Ordinal));
        var header = Get($"/api/sessions/{session}/events", "text/event-stream");
        header.Headers.TryAddWithoutValidation("Last-Event-ID", value);
        using var byHeader = await client.SendAsync(header, HttpCompletionOption.ResponseHeadersRead);
        using var byQuery = await client.SendAsync(Get($"/api/sessions/{session}/events?after={Uri.EscapeDataString(value)}", "text/event-stream"), HttpCompletionOption.ResponseHeadersRead);

        Assert.True((await ProblemAsync(byHeader, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Last-Event-ID", out _));
        Assert.True((await ProblemAsync(byQuery, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("after", out _));
        // A client's mistake, not a bug: nothing at error level.
        Assert.Equal(errorsBefore, host.Logs.Lines.Count(l => l.Contains(" Error: ", StringComparison.Ordinal) || l.Contains(" Critical: ", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task AnUnknownApiRoute_Is404Problem_WhateverTheAccept(string? accept)
    {
        var (client, _) = await host.CreateUserClientAsync("accept-lost");

        using var response = await client.SendAsync(Get("/api/nothing-here", accept));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }
}
