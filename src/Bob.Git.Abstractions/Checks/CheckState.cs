namespace Bob.Git.Abstractions;

/// <summary>The state of a pull request head's checks, rolled up by <see cref="CheckReport.RollUp"/>.</summary>
public enum CheckState
{
    /// <summary>No check yet, or some still running, and none failing.</summary>
    Pending = 1,

    /// <summary>At least one check, and all passed.</summary>
    Success = 2,

    /// <summary>At least one check failed.</summary>
    Failure = 3,
}
