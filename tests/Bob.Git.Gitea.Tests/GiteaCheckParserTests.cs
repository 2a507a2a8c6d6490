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

    /// <summary>
    /// Gitea Actions' <c>workflow_run</c> delivery (1.25+: <c>WorkflowRunPayload</c> of <c>hook.go</c>, its run an
    /// <c>ActionWorkflowRun</c> and its workflow an <c>ActionWorkflow</c> of <c>repo_actions.go</c>), around the repository and
    /// sender of a real gitea.com delivery. Go writes a zero <c>time.Time</c> as <c>0001-01-01T00:00:00Z</c>.
    /// </summary>
    private static JsonObject WorkflowRun(string status, string? conclusion, string completedAt)
    {
        var real = JsonNode.Parse(EmbeddedPayloads.Read<GiteaCheckParserTests>("gitea", "pull_request.merged.json"))!.AsObject();
        var run = new JsonObject
        {
            ["id"] = 96, ["url"] = "https://gitea.com/api/v1/repos/anbraten/test-repo/actions/runs/96",
            ["html_url"] = "https://gitea.com/anbraten/test-repo/actions/runs/96", ["display_title"] = "Fix the login redirect",
            ["path"] = "build.yml@refs/pull/1/head", ["event"] = "pull_request", ["run_attempt"] = 1, ["run_number"] = 12,
            ["head_sha"] = "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1", ["head_branch"] = "anbraten-patch-1", ["status"] = status,
            ["started_at"] = "2023-12-05T18:40:00Z", ["completed_at"] = completedAt,
        };
        if (conclusion is not null)
        {
            run["conclusion"] = conclusion;
        }

        return new JsonObject
        {
            ["action"] = status == "completed" ? "completed" : status == "in_progress" ? "in_progress" : "requested",
            ["workflow"] = new JsonObject { ["id"] = "build.yml", ["name"] = "build", ["path"] = ".gitea/workflows/build.yml", ["state"] = "active" },
            ["workflow_run"] = run,
            ["repository"] = real["repository"]!.DeepClone(),
            ["sender"] = real["sender"]!.DeepClone(),
        };
    }

    private CheckReport ParseRun(JsonObject delivery) =>
        Assert.IsType<CheckWebhookEvent>(_parser.Parse("workflow_run", System.Text.Encoding.UTF8.GetBytes(delivery.ToJsonString()), Remotes)).Check;

    [Theory]
    [InlineData("queued", null, "0001-01-01T00:00:00Z", CheckStatus.Queued, null)]
    [InlineData("waiting", null, "0001-01-01T00:00:00Z", CheckStatus.Queued, null)]
    [InlineData("in_progress", null, "0001-01-01T00:00:00Z", CheckStatus.InProgress, null)]
    [InlineData("completed", "failure", "2023-12-05T18:44:00Z", CheckStatus.Completed, CheckConclusion.Failure)]
    [InlineData("completed", "success", "2023-12-05T18:44:00Z", CheckStatus.Completed, CheckConclusion.Success)]
    [InlineData("completed", "cancelled", "2023-12-05T18:44:00Z", CheckStatus.Completed, CheckConclusion.Cancelled)]
    public void AGiteaActionsWorkflowRun_IsOneWorkflowRunCheck_NamedAfterItsWorkflow(string status, string? conclusion, string completedAt, CheckStatus stage, CheckConclusion? concluded)
    {
        var check = ParseRun(WorkflowRun(status, conclusion, completedAt));

        Assert.Equal((CheckKind.WorkflowRun, "build", "7ab50c4b3b8b2a1c9bd1a4c4b3f6d6f9a5d2e0c1", stage, concluded, "96", "https://gitea.com/anbraten/test-repo/actions/runs/96"),
            (check.Kind, check.Name, check.HeadSha, check.Status, check.Conclusion, check.ProviderId, check.Url));
        Assert.True(check.At >= new DateTimeOffset(2023, 12, 5, 18, 40, 0, TimeSpan.Zero));
    }

    [Fact]
    public void AWorkflowRunWithoutItsWorkflow_IsNamedAfterItsTitle()
    {
        var delivery = WorkflowRun("completed", "success", "2023-12-05T18:44:00Z");
        delivery.Remove("workflow");

        Assert.Equal("Fix the login redirect", ParseRun(delivery).Name);
    }
}
