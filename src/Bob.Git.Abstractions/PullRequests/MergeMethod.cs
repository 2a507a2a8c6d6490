namespace Bob.Git.Abstractions;

/// <summary>How a pull request is merged.</summary>
public enum MergeMethod
{
    /// <summary>A merge commit.</summary>
    Merge = 1,

    /// <summary>All commits squashed into one.</summary>
    Squash = 2,

    /// <summary>The commits rebased onto the base branch.</summary>
    Rebase = 3,
}
