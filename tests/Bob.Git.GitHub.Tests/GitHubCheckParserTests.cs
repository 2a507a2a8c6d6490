using System.Text.Json.Nodes;
using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Tests;

/// <summary>
/// GitHub's own <c>status</c>, <c>check_run</c> and <c>workflow_run</c> examples (octokit/webhooks-examples) read into
/// checks (issue 21): which commit, which check, how far it got and how it ended. Suites and jobs are not rolled up twice.
/// </summary>
public sealed class GitHubCheckParserTests
{
    private readonly GitHubWebhookPayloadParser _parser = new();

    private CheckReport Check(string eventType, string file, Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(Fixtures.Bytes(file))!;
        change?.Invoke(node);
        var parsed = Assert.IsType<CheckWebhookEvent>(_parser.Parse(eventType, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), RemoteUrlParser.Default));
        return parsed.Check;
    }

    [Fact]
    public void TheStatusExample_IsACompletedSuccessfulStatusOfItsContext()
    {
        var status = Check("status", "status.json");

        Assert.Equal((CheckKind.Status, "default", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Success, "6805126730"),
            (status.Kind, status.Name, status.HeadSha, status.Status, status.Conclusion, status.ProviderId));
        Assert.Equal(new DateTimeOffset(2019, 5, 15, 15, 20, 55, TimeSpan.Zero), status.At);
    }

    [Theory]
    [InlineData("pending", CheckStatus.InProgress, null)]
    [InlineData("failure", CheckStatus.Completed, CheckConclusion.Failure)]
    [InlineData("error", CheckStatus.Completed, CheckConclusion.Error)]
    public void EachStatusState_IsItsStage(string state, CheckStatus expected, CheckConclusion? conclusion)
    {
        var status = Check("status", "status.json", n => n["state"] = state);

        Assert.Equal((expected, conclusion), (status.Status, status.Conclusion));
    }

    [Fact]
    public void TheCheckRunExamples_AreOneRunFromQueuedToFailed()
    {
        var created = Check("check_run", "check_run.created.json");
        var completed = Check("check_run", "check_run.completed.json");

        Assert.Equal((CheckKind.CheckRun, "Octocoders-linter", "ec26c3e57ca3a959ca5aad62de7213c562f8c821", CheckStatus.Queued, (CheckConclusion?)null, "128620228"),
            (created.Kind, created.Name, created.HeadSha, created.Status, created.Conclusion, created.ProviderId));
        Assert.Equal((CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Failure, "https://github.com/Codertocat/Hello-World/runs/128620228"), (completed.Status, completed.Conclusion, completed.Url));
        Assert.True(completed.Supersedes(created));
        Assert.False(created.Supersedes(completed)); // a late "created" never undoes the failure
        Assert.Equal(CheckState.Failure, CheckReport.RollUp([completed]));
    }

    [Theory]
    [InlineData("check_run.requested_action.json", CheckStatus.InProgress, null)]
    [InlineData("check_run.rerequested.json", CheckStatus.Completed, CheckConclusion.Neutral)]
    public void TheOtherCheckRunExamples_KeepTheirStage(string file, CheckStatus status, CheckConclusion? conclusion)
    {
        var run = Check("check_run", file);

        Assert.Equal((status, conclusion), (run.Status, run.Conclusion));
    }

    [Fact]
    public void AWorkflowRun_IsACheckOfItsOwnKind_AndAnUnnamedOneIsNamedByItsId()
    {
        var run = Check("workflow_run", "workflow_run.completed.json", n =>
        {
            n["workflow_run"]!["status"] = "completed"; // the example was captured queued; GitHub completes it so
            n["workflow_run"]!["conclusion"] = "timed_out";
        });
        var unnamed = Check("workflow_run", "workflow_run.requested.json");

        Assert.Equal((CheckKind.WorkflowRun, "Manually triggered workflow", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.TimedOut), (run.Kind, run.Name, run.Status, run.Conclusion));
        Assert.True(run.IsFailing);
        Assert.Equal(("workflow 289782451", CheckStatus.Queued), (unnamed.Name, unnamed.Status));
    }

    [Theory]
    [InlineData("check_suite")]
    [InlineData("workflow_job")]
    public void SuitesAndJobs_AreNotReadAgain(string eventType) => Assert.False(_parser.Handles(eventType));

    [Fact]
    public void AStatusWithAStateGitHubDoesNotSend_IsRefusedWithTheReason()
    {
        var refused = Assert.Throws<FormatException>(() => Check("status", "status.json", n => n["state"] = "exploded"));

        Assert.Contains("exploded", refused.Message, StringComparison.Ordinal);
    }
}
