using Bob.Git.Abstractions;
using Bob.Git;
using Bob.Tasks;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.SampleHost.Tests;

/// <summary>
/// A task run follows the pull request of its session through the outbox the pull request store writes in its own
/// transaction: linked → <c>pull_request_opened</c> (and the pull request gets the task's id), closed without merging →
/// <c>failed</c> with the tracker told why, each once however often the provider reports it.
/// </summary>
public sealed class TaskRunPullRequestTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private T Service<T>()
        where T : notnull => host.Factory.Services.GetRequiredService<T>();

    private async Task<TaskRun> WaitForAsync(Guid userId, Guid runId, Func<TaskRun, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var run = (await Service<ITaskRunStore>().GetAsync(userId, runId))!;
            if (done(run))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task APullRequestClosedWithoutMerging_FailsTheRun_OnceThoughReportedTwice()
    {
        var (_, userId) = await host.CreateUserClientAsync("pr-follower");
        var repository = await Service<RepositoryService>().RegisterAsync(userId, new RegisterRepository("web", $"https://github.com/acme/web-{Guid.NewGuid():N}.git"));
        var session = await Service<SessionService>().CreateAsync(userId, repository.Id, "BOB-42 Fix login redirect loop");
        var store = Service<ITaskRunStore>();
        var (run, _) = await store.CreateAsync(new NewTaskRun(userId, "ws_1", $"tsk_{Guid.NewGuid():N}", "BOB-42", "Fix login redirect loop", null, null, repository.Id, session.Id));
        await store.FireAsync(run.Id, TaskRunTrigger.Started);

        var opened = new PullRequestInfo(repository.Remote, 7, "Fix login redirect loop", null, "bob/x/fix", "main", "1111111111111111111111111111111111111111", PullRequestStatus.Draft, $"{repository.Remote.WebUrl}/pull/7", DateTimeOffset.UtcNow.AddMinutes(-1), null);
        var pullRequests = Service<IPullRequestStore>();
        var change = await pullRequests.ApplyAsync(repository, opened);
        await pullRequests.LinkSessionAsync(change.PullRequestId, session.Id);
        await WaitForAsync(userId, run.Id, r => r.PullRequestId == change.PullRequestId, "the pull request to be linked");
        Assert.Equal(run.TaskId, (await pullRequests.GetAsync(userId, change.PullRequestId))!.KanbangerTaskId);

        var closed = opened with { Status = PullRequestStatus.Closed, UpdatedAt = DateTimeOffset.UtcNow };
        await pullRequests.ApplyAsync(repository, closed);
        await pullRequests.ApplyAsync(repository, closed); // reported again: nothing changes, nothing is queued
        var failed = await WaitForAsync(userId, run.Id, r => r.Status == TaskRunStatus.Failed, "the close to fail the run");

        var triggers = (await store.TransitionsAsync(run.Id)).Select(t => t.Trigger).ToArray();
        Assert.Equal([TaskRunTrigger.Assigned, TaskRunTrigger.Started, TaskRunTrigger.PullRequestOpened, TaskRunTrigger.PullRequestClosedUnmerged], triggers);
        Assert.Equal("The pull request was closed without merging.", failed.FailureReason);
        await using var comments = host.DataSource.CreateCommand(
            "SELECT payload->>'body' FROM webhook_deliveries WHERE provider = 'task-runs' AND event_type = 'kanbanger.comment' AND payload->>'runId' = $1 ORDER BY received_at");
        comments.Parameters.Add(new Npgsql.NpgsqlParameter { Value = run.Id.ToString() });
        var bodies = new List<string>();
        await using (var reader = await comments.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                bodies.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["Bob started working on this task.", $"Bob opened a draft pull request: {opened.Url}", $"The pull request was closed without merging: {opened.Url}. Bob stopped."],
            bodies);
    }
}
