namespace Bob.Git.Abstractions;

/// <summary>The wire and storage names of the check enums (<c>check_run</c>, <c>in_progress</c>, <c>timed_out</c>, <c>failure</c>, ...).</summary>
public static class CheckNames
{
    /// <summary>A kind's name: <c>status</c>, <c>check_run</c>, <c>workflow_run</c> or <c>pipeline</c>.</summary>
    public static string ToWireName(this CheckKind kind) => kind switch
    {
        CheckKind.Status => "status",
        CheckKind.CheckRun => "check_run",
        CheckKind.WorkflowRun => "workflow_run",
        CheckKind.Pipeline => "pipeline",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown check kind."),
    };

    /// <summary>A status's name: <c>queued</c>, <c>in_progress</c> or <c>completed</c>.</summary>
    public static string ToWireName(this CheckStatus status) => status switch
    {
        CheckStatus.Queued => "queued",
        CheckStatus.InProgress => "in_progress",
        CheckStatus.Completed => "completed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown check status."),
    };

    /// <summary>A conclusion's name, as GitHub spells it (<c>timed_out</c>, <c>action_required</c>; <c>error</c> for a status).</summary>
    public static string ToWireName(this CheckConclusion conclusion) => conclusion switch
    {
        CheckConclusion.Success => "success",
        CheckConclusion.Failure => "failure",
        CheckConclusion.Neutral => "neutral",
        CheckConclusion.Cancelled => "cancelled",
        CheckConclusion.Skipped => "skipped",
        CheckConclusion.TimedOut => "timed_out",
        CheckConclusion.ActionRequired => "action_required",
        CheckConclusion.Stale => "stale",
        CheckConclusion.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(conclusion), conclusion, "Unknown check conclusion."),
    };

    /// <summary>A state's name: <c>pending</c>, <c>success</c> or <c>failure</c>.</summary>
    public static string ToWireName(this CheckState state) => state switch
    {
        CheckState.Pending => "pending",
        CheckState.Success => "success",
        CheckState.Failure => "failure",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown check state."),
    };

    /// <summary>The kind a name names.</summary>
    /// <exception cref="FormatException">No such kind.</exception>
    public static CheckKind ParseKind(string value) => Parse(value, Enum.GetValues<CheckKind>(), k => k.ToWireName(), "check kind");

    /// <summary>The status a name names.</summary>
    /// <exception cref="FormatException">No such status.</exception>
    public static CheckStatus ParseStatus(string value) => Parse(value, Enum.GetValues<CheckStatus>(), s => s.ToWireName(), "check status");

    /// <summary>The conclusion a name names (GitHub's spelling; <c>error</c> for a status).</summary>
    /// <exception cref="FormatException">No such conclusion.</exception>
    public static CheckConclusion ParseConclusion(string value) => Parse(value, Enum.GetValues<CheckConclusion>(), c => c.ToWireName(), "check conclusion");

    private static T Parse<T>(string value, T[] all, Func<T, string> name, string what)
    {
        foreach (var candidate in all)
        {
            if (name(candidate) == value)
            {
                return candidate;
            }
        }

        throw new FormatException($"'{TextRules.Excerpt(value ?? "", 40)}' is not a {what}.");
    }
}
