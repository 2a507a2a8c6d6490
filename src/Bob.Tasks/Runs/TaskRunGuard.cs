namespace Bob.Tasks;

/// <summary>A guard of a move: a condition on the run that must hold for the trigger to move it.</summary>
/// <param name="Description">What it requires, for the docs.</param>
/// <param name="Allows">Whether the run meets it.</param>
public sealed record TaskRunGuard(string Description, Func<TaskRun, bool> Allows)
{
    /// <summary>The run has no pull request yet: the first push reports the pull request once, later pushes say nothing.</summary>
    public static TaskRunGuard NoPullRequestYet { get; } = new("no pull request linked yet", run => run.PullRequestId is null);
}
