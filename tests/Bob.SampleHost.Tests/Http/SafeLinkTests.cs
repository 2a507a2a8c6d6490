using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.5: URLs that come from outside (provider payloads, Kanbanger tasks) are stored only when absolute http or https,
/// and the pages render nothing else as a link.
/// </summary>
public sealed class SafeLinkTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    public static TheoryData<string> Unsafe => new() { "javascript:alert(4)//", "JaVaScRiPt:alert(document.cookie)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "/relative/path", "ftp://files.example/pr/2" };

    [Theory]
    [MemberData(nameof(Unsafe))]
    public async Task APullRequestUrlThatIsNotHttp_IsNotStored_AndThePagesLinkNothingButHttp(string url)
    {
        var (client, _) = await host.CreateUserClientAsync("links");
        var name = $"links-{Guid.NewGuid():N}";
        var created = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = $"https://github.com/Codertocat/{name}.git" }), HttpStatusCode.Created);
        var node = JsonNode.Parse(EmbeddedPayloads.Read<SafeLinkTests>("github", "pull_request.opened.json"))!;
        node["repository"]!["html_url"] = $"https://github.com/Codertocat/{name}";
        node["pull_request"]!["html_url"] = url;

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.GitHub("pull_request", Encoding.UTF8.GetBytes(node.ToJsonString())));
        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);

        Assert.True(status == "processed", error);
        await using var stored = host.DataSource.CreateCommand("SELECT url FROM pull_requests WHERE remote_name = $1 AND number = 2");
        stored.Parameters.Add(new Npgsql.NpgsqlParameter { Value = name });
        Assert.Equal("", (string?)await stored.ExecuteScalarAsync());
        var page = await client.GetStringAsync($"/repositories/{created.GetProperty("id").GetGuid()}");
        Assert.Contains("#2 Update the README with new information.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(url.Split(':')[0] + ":", page.Replace("https:", "", StringComparison.Ordinal).Replace("http:", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WebUtility.HtmlEncode(url), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKanbangerTaskUrlThatIsNotHttp_IsNotStoredOnTheRun()
    {
        var taskId = $"tsk_{Guid.NewGuid():N}";
        var body = Encoding.UTF8.GetBytes($$$"""
            {"event":"task.assigned","workspaceId":"ws_1",
             "task":{"id":"{{{taskId}}}","identifier":"BOB-5","title":"Links","description":"x","url":"javascript:alert(4)//"},
             "assignee":{"userId":"{{{Guid.NewGuid()}}}"},
             "repository":{"remoteUrl":"https://github.com/acme/links.git","baseBranch":"main"}}
            """);

        var id = await ProviderDeliveries.SendAsync(host, ProviderDeliveries.Kanbanger("task.assigned", body, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var (status, error) = await ProviderDeliveries.SettledAsync(host, id);

        Assert.True(status == "processed", error);
        var run = await host.Factory.Services.GetRequiredService<ITaskRunStore>().FindByTaskAsync("ws_1", taskId);
        Assert.NotNull(run);
        Assert.Null(run.TaskUrl);
    }
}
