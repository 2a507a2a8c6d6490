using System.Globalization;

namespace Bob.Git.Abstractions;

/// <summary>
/// A check on a commit as a provider reported it (issue 21): kept per remote, head sha, kind and name, and rolled up into
/// one <see cref="CheckState"/> per pull request head (Renovate's rule, <see cref="RollUp"/>).
/// </summary>
/// <param name="Kind">Status, check run, workflow run or pipeline.</param>
/// <param name="Name">The status's context, the check run's or workflow's name, or the pipeline's name.</param>
/// <param name="HeadSha">The commit it checks (40 or 64 hex digits).</param>
/// <param name="Status">How far it has got.</param>
/// <param name="Conclusion">How it ended, once <see cref="CheckStatus.Completed"/>.</param>
/// <param name="Url">Its page (absolute http or https), or empty.</param>
/// <param name="At">The provider's time of this report (a status's <c>updated_at</c>, a run's latest of started and completed).</param>
/// <param name="ProviderId">The provider's id of this run or status, when it has one: a newer run of the same check has a newer one.</param>
public sealed record CheckReport(CheckKind Kind, string Name, string HeadSha, CheckStatus Status, CheckConclusion? Conclusion, string Url, DateTimeOffset? At, string? ProviderId)
{
    private readonly string _url = TextRules.HttpLinkOrNull(Url) ?? "";

    /// <summary>Its page (absolute http or https), or empty when the report's URL was anything else.</summary>
    public string Url { get => _url; init => _url = TextRules.HttpLinkOrNull(value) ?? ""; }

    /// <summary>The names of what failed inside it (a GitLab pipeline's failed jobs); empty otherwise.</summary>
    public IReadOnlyList<string> FailedParts { get; init; } = [];

    /// <summary>Whether it counts as failing: a status <c>failure</c>/<c>error</c>, or a run concluded failure, timed out, cancelled or action required.</summary>
    public bool IsFailing => Status == CheckStatus.Completed
        && Conclusion is CheckConclusion.Failure or CheckConclusion.Error or CheckConclusion.TimedOut or CheckConclusion.Cancelled or CheckConclusion.ActionRequired;

    /// <summary>Whether it counts as passing: completed with success (a run also neutral or skipped).</summary>
    public bool IsPassing => Status == CheckStatus.Completed && Conclusion is CheckConclusion.Success or CheckConclusion.Neutral or CheckConclusion.Skipped;

    /// <summary>
    /// Whether this report replaces <paramref name="stored"/>, the kept report of the same check (same kind and name on the
    /// same head). Another run of it (another provider id) replaces it when it is newer (a larger numeric id, else a later
    /// time): a re-run starts over. The same run never moves backwards (queued, in progress, completed), and among equal
    /// stages the later (or equal, so a repeat changes nothing) time wins. A status is replaced only by a newer one.
    /// </summary>
    public bool Supersedes(CheckReport stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (ProviderId != stored.ProviderId && ProviderId is not null && stored.ProviderId is not null)
        {
            return long.TryParse(ProviderId, NumberStyles.None, CultureInfo.InvariantCulture, out var mine)
                && long.TryParse(stored.ProviderId, NumberStyles.None, CultureInfo.InvariantCulture, out var theirs)
                ? mine > theirs
                : Nullable.Compare(At, stored.At) > 0;
        }

        if (Kind == CheckKind.Status)
        {
            return Nullable.Compare(At, stored.At) >= 0;
        }

        return Status != stored.Status ? Status > stored.Status : Nullable.Compare(At, stored.At) >= 0;
    }

    /// <summary>
    /// A commit status as GitHub and Gitea/Forgejo report it: <c>pending</c> runs; <c>success</c>, <c>failure</c> and
    /// <c>error</c> complete it; Gitea's <c>warning</c> completes it neutral (passing, as Gitea shows it) and <c>skipped</c>
    /// skipped.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="state"/> is none of those.</exception>
    public static CheckReport CommitStatus(string context, string sha, string state, string? url, DateTimeOffset? at, string? id)
    {
        var (status, conclusion) = state switch
        {
            "pending" => (CheckStatus.InProgress, (CheckConclusion?)null),
            "success" => (CheckStatus.Completed, CheckConclusion.Success),
            "failure" => (CheckStatus.Completed, CheckConclusion.Failure),
            "error" => (CheckStatus.Completed, CheckConclusion.Error),
            "warning" => (CheckStatus.Completed, CheckConclusion.Neutral),
            "skipped" => (CheckStatus.Completed, CheckConclusion.Skipped),
            _ => throw new FormatException($"'{TextRules.Excerpt(state ?? "", 40)}' is not a commit status state."),
        };
        return new CheckReport(CheckKind.Status, context, sha, status, conclusion, url ?? "", at, id);
    }

    /// <summary>
    /// A head's state from its checks (Renovate's rule): <see cref="CheckState.Failure"/> if any fails,
    /// <see cref="CheckState.Success"/> if there is at least one and all pass, else <see cref="CheckState.Pending"/>.
    /// </summary>
    public static CheckState RollUp(IEnumerable<CheckReport> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var any = false;
        var allPass = true;
        foreach (var check in checks)
        {
            if (check.IsFailing)
            {
                return CheckState.Failure;
            }

            any = true;
            allPass &= check.IsPassing;
        }

        return any && allPass ? CheckState.Success : CheckState.Pending;
    }
}
