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

    /// <summary>
    /// How long a green head must stay green before it is called green (default 30 s, 0–3600): its "CI passed" tracker
    /// comment and "pull request ready" push wait this long, then act only if the head is still green, and wait on the
    /// outbox's retry schedule while it is pending again. A fast status (a CLA bot's, say) often passes before the check runs
    /// of the same push are created, and Renovate's rule then calls the head green for a moment.
    /// </summary>
    public int GreenSettleSeconds { get; set; } = 30;
}
