namespace Bob.Git.Abstractions;

/// <summary>How a completed check ended (GitHub's conclusions; a status's <c>success</c>, <c>failure</c> or <c>error</c>).</summary>
public enum CheckConclusion
{
    /// <summary>Passed.</summary>
    Success = 1,

    /// <summary>Failed.</summary>
    Failure = 2,

    /// <summary>Neither passed nor failed (counts as passing).</summary>
    Neutral = 3,

    /// <summary>Cancelled (counts as failing).</summary>
    Cancelled = 4,

    /// <summary>Skipped (counts as passing).</summary>
    Skipped = 5,

    /// <summary>Timed out (counts as failing).</summary>
    TimedOut = 6,

    /// <summary>Waits for someone to act (counts as failing).</summary>
    ActionRequired = 7,

    /// <summary>Superseded by a newer run on the provider (neither passing nor failing: pending).</summary>
    Stale = 8,

    /// <summary>A status that errored (counts as failing).</summary>
    Error = 9,
}
