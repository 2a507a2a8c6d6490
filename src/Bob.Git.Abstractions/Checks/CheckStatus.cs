namespace Bob.Git.Abstractions;

/// <summary>How far a check has got. A check never moves backwards: a completed one is not undone by a late earlier report.</summary>
public enum CheckStatus
{
    /// <summary>Queued, requested, waiting or pending: not started.</summary>
    Queued = 1,

    /// <summary>Running.</summary>
    InProgress = 2,

    /// <summary>Done, with a <see cref="CheckConclusion"/>.</summary>
    Completed = 3,
}
