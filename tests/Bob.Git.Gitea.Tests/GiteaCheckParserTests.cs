using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Gitea.Tests;

/// <summary>
/// Gitea's <c>status</c> delivery (<c>CommitStatusPayload</c> of <c>modules/structs/hook.go</c>, around the repository and
/// sender of a real gitea.com delivery) read into a check (issue 21).
/// </summary>
public sealed class GiteaCheckParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.Gitea, "https://gitea.com")]);
    private readonly GiteaWebhookPayloadParser _parser = new(Microsoft.Extensions.Options.Options.Create(new GiteaOptions()));

    private static JsonObject Delivery(string state)
    {
        var real = JsonNode.Parse(EmbeddedPayloads.Read<GiteaCheckParserTests>("gitea", "pull_request.merged.json"))!.AsObject();
        return new JsonObject
        {
            ["commit"] = new JsonObject { ["id"] = "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1", ["message"] = "Fix it\n", ["url"] = "https://gitea.com/anbraten/test-repo/commit/7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1" },
            ["context"] = "ci/woodpecker/pr/build",
            ["created_at"] = "2023-12-05T18:40:00Z",
            ["description"] = "Pipeline " + state,
            ["id"] = 4711,
            ["repository"] = real["repository"]!.DeepClone(),
            ["sender"] = real["sender"]!.DeepClone(),
            ["sha"] = "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1",
            ["state"] = state,
            ["target_url"] = "https://ci.example.org/repos/1/pipeline/9",
            ["updated_at"] = "2023-12-05T18:41:00Z",
        };
    }

    private CheckReport Parse(string state) =>
        Assert.IsType<CheckWebhookEvent>(_parser.Parse("status", System.Text.Encoding.UTF8.GetBytes(Delivery(state).ToJsonString()), Remotes)).Check;

    [Theory]
    [InlineData("pending", CheckStatus.InProgress, null)]
    [InlineData("success", CheckStatus.Completed, CheckConclusion.Success)]
    [InlineData("failure", CheckStatus.Completed, CheckConclusion.Failure)]
    [InlineData("error", CheckStatus.Completed, CheckConclusion.Error)]
    [InlineData("warning", CheckStatus.Completed, CheckConclusion.Neutral)]
    public void EachState_IsItsStage_OfTheContextsStatus(string state, CheckStatus status, CheckConclusion? conclusion)
    {
        var check = Parse(state);

        Assert.Equal((CheckKind.Status, "ci/woodpecker/pr/build", "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1", status, conclusion, "4711"),
            (check.Kind, check.Name, check.HeadSha, check.Status, check.Conclusion, check.ProviderId));
        Assert.Equal(("https://ci.example.org/repos/1/pipeline/9", new DateTimeOffset(2023, 12, 5, 18, 41, 0, TimeSpan.Zero)), (check.Url, check.At!.Value));
    }

    [Fact]
    public void AStateGiteaDoesNotSend_IsRefusedWithTheReason() =>
        Assert.Contains("exploded", Assert.Throws<FormatException>(() => Parse("exploded")).Message, StringComparison.Ordinal);
}
