using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

/// <summary>
/// GitHub's own check run examples through the host (issue 21): the completion before the creation and twice, on the
/// head of a registered repository's pull request; <c>GET /api/pull-requests/{id}</c> answers the head's checks.
/// </summary>
public sealed class CheckPayloadTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private const string Head = "ec26c3e57ca3a959ca5aad62de7213c562f8c821"; // the head of GitHub's check_run examples

    [Fact]
    public async Task GitHubsCheckRunExamples_OutOfOrderAndTwice_MakeTheHeadFail_WithTheRunListed()
    {
        var name = $"checks-{Guid.NewGuid():N}"[..20];
        var (client, _) = await host.CreateUserClientAsync($"checks-{Guid.NewGuid():N}");
        (await client.PostAsJsonAsync("/api/repositories", new { name = "repo", remoteUrl = $"https://github.com/Codertocat/{name}.git" })).EnsureSuccessStatusCode();
        byte[] Delivery(string file, Action<JsonObject>? change = null)
        {
            var node = JsonNode.Parse(EmbeddedPayloads.Read<CheckPayloadTests>("github", file))!.AsObject();
            node["repository"]!["html_url"] = $"https://github.com/Codertocat/{name}";
            change?.Invoke(node);
            return Encoding.UTF8.GetBytes(node.ToJsonString());
        }

        var opened = Delivery("pull_request.opened.json", p => p["pull_request"]!["head"]!["sha"] = Head);
        var completed = Delivery("check_run.completed.json");
        foreach (var (eventName, body) in new[] { ("pull_request", opened), ("check_run", completed), ("check_run", Delivery("check_run.created.json")), ("check_run", completed) })
        {
            var (status, error) = await ProviderDeliveries.SettledAsync(host, await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub(eventName, body)));
            Assert.True(status == "processed", $"{eventName}: {status}: {error}");
        }

        var repositories = await SessionPushTests.Json(await client.GetAsync("/api/repositories"), HttpStatusCode.OK);
        var repository = Assert.Single(repositories.EnumerateArray()).GetProperty("id").GetGuid();
        var listed = await SessionPushTests.Json(await client.GetAsync($"/api/repositories/{repository}/pull-requests"), HttpStatusCode.OK);
        var id = Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid();
        var checks = (await SessionPushTests.Json(await client.GetAsync($"/api/pull-requests/{id}"), HttpStatusCode.OK)).GetProperty("checks");

        Assert.Equal(("failure", Head), (checks.GetProperty("state").GetString(), checks.GetProperty("headSha").GetString()));
        Assert.Equal(["Octocoders-linter"], checks.GetProperty("failing").EnumerateArray().Select(f => f.GetString()));
        var item = Assert.Single(checks.GetProperty("items").EnumerateArray());
        Assert.Equal(("check_run", "completed", "failure", "https://github.com/Codertocat/Hello-World/runs/128620228"),
            (item.GetProperty("kind").GetString(), item.GetProperty("status").GetString(), item.GetProperty("conclusion").GetString(), item.GetProperty("url").GetString()));
    }
}
