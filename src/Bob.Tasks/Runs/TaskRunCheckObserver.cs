using System.Text;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// Queues, with the session's <c>checks.updated</c> event of a red head, its hand-over to the session's run's agent
/// (<see cref="TaskRunOutbox.AgentFeedbackEvent"/>, kind <see cref="TaskAgentFeedbackKinds.CiFailed"/>, once per head) and
/// one tracker comment naming what fails (<see cref="TaskRunOutbox.ChecksFailedEvent"/>); with a green head's event, a
/// <see cref="TaskRunOutbox.ChecksPassedEvent"/> row, which comments only when the pull request was red before, and a
/// <see cref="TaskRunOutbox.ReadyPushEvent"/> row, which pushes "pull request ready" only when it is ready for review.
/// Whether the session has a live run
/// that follows that pull request is decided when the rows are processed.
/// </summary>
internal sealed class TaskRunCheckObserver : ICheckStateObserver
{
    public IReadOnlyList<OutboxMessage> Changed(CheckStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.State == CheckState.Success)
        {
            // Whether the run was red before (so that the task hears it is green again), and whether the pull request is ready
            // for review (so that the user hears it is ready), is decided when each row is processed.
            var green = new AgentFeedbackPayload(
                change.SessionId, change.PullRequestId, $"ci:{change.HeadSha}", "ci_passed", "ci", $"CI passed on {change.HeadSha[..7]}.", null, null, "", null, null);
            return [TaskRunOutbox.ChecksPassed(green), TaskRunOutbox.ReadyPush(green)];
        }

        if (change.State != CheckState.Failure)
        {
            return [];
        }

        var body = new StringBuilder().Append("CI failed on ").Append(change.HeadSha[..7]).Append(": ").AppendJoin(", ", change.Failing).Append('.');
        foreach (var check in change.Checks.Where(c => c.IsFailing && c.Url.Length > 0))
        {
            body.Append('\n').Append(check.Name).Append(": ").Append(check.Url);
        }

        var failed = new AgentFeedbackPayload(
            change.SessionId, change.PullRequestId, $"ci:{change.HeadSha}", TaskAgentFeedbackKinds.CiFailed, "ci", body.ToString(), null, null,
            change.Checks.FirstOrDefault(c => c.IsFailing && c.Url.Length > 0)?.Url ?? "", null, null);
        return [TaskRunOutbox.AgentFeedback(failed), TaskRunOutbox.ChecksFailed(failed)];
    }
}
