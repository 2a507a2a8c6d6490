using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.GitLab.Tests;

/// <summary>
/// GitLab's documented Pipeline Hook read into a check (issue 21): one check per pipeline on its sha, its stage from the
/// status, a failed pipeline naming its failed jobs, and a re-run pipeline replacing the one before it.
/// </summary>
public sealed class GitLabPipelineParserTests
{
    private static readonly RemoteUrlParser Remotes = new([GitInstance.Create(GitProvider.GitLab, "http://192.168.64.1:3005")]);
    private readonly GitLabWebhookPayloadParser _parser = new();

    private CheckReport Parse(Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(EmbeddedPayloads.Read<GitLabPipelineParserTests>("gitlab", "pipeline.json"))!;
        change?.Invoke(node);
        var parsed = Assert.IsType<CheckWebhookEvent>(_parser.Parse("Pipeline Hook", System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()), Remotes));
        Assert.Equal("gitlab-org/gitlab-test", parsed.Repository.FullName);
        return parsed.Check;
    }

    [Fact]
    public void TheDocumentedExample_IsOnePassedPipelineCheckOnItsSha()
    {
        var pipeline = Parse();

        Assert.Equal((CheckKind.Pipeline, "Pipeline for branch: master", "bcbb5ec396a2c0f828686f14fac9b80b780504f2", CheckStatus.Completed, (CheckConclusion?)CheckConclusion.Success, "31"),
            (pipeline.Kind, pipeline.Name, pipeline.HeadSha, pipeline.Status, pipeline.Conclusion, pipeline.ProviderId));
        Assert.Equal(("http://example.com/gitlab-org/gitlab-test/-/pipelines/31", new DateTimeOffset(2016, 8, 12, 15, 26, 29, TimeSpan.Zero)), (pipeline.Url, pipeline.At!.Value));
        Assert.Empty(pipeline.FailedParts); // a passed pipeline names no failing job, whatever its jobs say
    }

    [Fact]
    public void AFailedPipeline_NamesItsFailedJobs_AndALateRunningNeverUndoesIt()
    {
        var failed = Parse(n => n["object_attributes"]!["status"] = "failed");
        var running = Parse(n => { n["object_attributes"]!["status"] = "running"; n["object_attributes"]!["finished_at"] = null; });

        Assert.Equal(["test-build"], failed.FailedParts);
        Assert.True(failed.IsFailing);
        Assert.False(running.Supersedes(failed));
        Assert.True(failed.Supersedes(running));
    }

    [Theory]
    [InlineData("created", CheckStatus.Queued, null)]
    [InlineData("waiting_for_resource", CheckStatus.Queued, null)]
    [InlineData("manual", CheckStatus.Queued, null)]
    [InlineData("running", CheckStatus.InProgress, null)]
    [InlineData("canceled", CheckStatus.Completed, CheckConclusion.Cancelled)]
    [InlineData("skipped", CheckStatus.Completed, CheckConclusion.Skipped)]
    public void EachPipelineStatus_IsItsStage(string state, CheckStatus status, CheckConclusion? conclusion)
    {
        var pipeline = Parse(n => n["object_attributes"]!["status"] = state);

        Assert.Equal((status, conclusion), (pipeline.Status, pipeline.Conclusion));
    }

    [Fact]
    public void ARerunPipelineOnTheSameSha_ReplacesTheFailedOne_AndAnUnnamedOneIsCalledPipeline()
    {
        var failed = Parse(n => n["object_attributes"]!["status"] = "failed");
        var rerun = Parse(n => { n["object_attributes"]!["id"] = 32; n["object_attributes"]!["status"] = "pending"; });
        var unnamed = Parse(n => n["object_attributes"]!.AsObject().Remove("name")); // GitLab before 16.1

        Assert.Equal(failed.Name, rerun.Name); // the same check, kept per sha, kind and name
        Assert.True(rerun.Supersedes(failed));
        Assert.False(failed.Supersedes(rerun));
        Assert.Equal("pipeline", unnamed.Name);
    }
}
