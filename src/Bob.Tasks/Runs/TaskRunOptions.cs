namespace Bob.Tasks;

/// <summary>How task runs behave (bind the <c>TaskRuns</c> section: <c>TaskRuns__MaxAutomaticFixes</c>).</summary>
public sealed class TaskRunOptions
{
    /// <summary>The most red heads of a run's pull request handed to its agent to fix (<c>ci_failed</c>) before the run blocks.</summary>
    public const int DefaultMaxAutomaticFixes = 3;

    /// <summary>
    /// How many red heads of its pull request a run's agent is asked to fix on its own (default 3). The next red head, since
    /// a person last answered the run, blocks the run with the reason (the failing checks), and its push and tracker comment
    /// ask a person; a reply resumes it and starts the count again. 0: every red head asks a person. At most 100.
    /// </summary>
    public int MaxAutomaticFixes { get; set; } = DefaultMaxAutomaticFixes;
}
