namespace Bob.Git.Abstractions;

/// <summary>A pull request (GitLab: merge request) as a provider reports it, normalised across providers.</summary>
/// <param name="Repository">The repository the pull request targets.</param>
/// <param name="Number">The number shown in the provider's UI (GitLab: the merge request's <c>iid</c>).</param>
/// <param name="Title">The title, without any draft prefix the provider uses to mark drafts.</param>
/// <param name="Body">The description, or <see langword="null"/>.</param>
/// <param name="HeadBranch">The source branch.</param>
/// <param name="BaseBranch">The target branch.</param>
/// <param name="HeadSha">The commit at the head of the source branch, when known.</param>
/// <param name="Status">Draft, open, merged or closed.</param>
/// <param name="Url">The pull request's web page: an absolute http(s) URL, or empty when the report gave anything else (a
/// <c>javascript:</c> or relative URL is never kept, so nothing downstream renders it as a link).</param>
/// <param name="UpdatedAt">
/// When the provider last changed it; used to keep the newest state when events arrive out of order. Kept in UTC.
/// <see langword="null"/> when the report does not say (some relayed or trimmed payloads leave it out): such a report never
/// replaces a stored state that has a time.
/// </param>
/// <param name="MergedAt">When it was merged, or <see langword="null"/>. Kept in UTC.</param>
/// <remarks>
/// Timestamps are converted to UTC (offset zero) on the way in, whatever offset the provider wrote: every reader of the
/// model, a PostgreSQL <c>timestamptz</c> parameter included, sees one form of an instant.
/// </remarks>
public sealed record PullRequestInfo(
    RemoteRepositoryIdentity Repository,
    int Number,
    string Title,
    string? Body,
    string HeadBranch,
    string BaseBranch,
    string? HeadSha,
    PullRequestStatus Status,
    string Url,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? MergedAt)
{
    private readonly string _url = TextRules.HttpLinkOrNull(Url) ?? "";
    private readonly DateTimeOffset? _updatedAt = UpdatedAt?.ToUniversalTime();
    private readonly DateTimeOffset? _mergedAt = MergedAt?.ToUniversalTime();

    /// <summary>The pull request's web page (absolute http or https), or empty when the report's URL was anything else.</summary>
    public string Url { get => _url; init => _url = TextRules.HttpLinkOrNull(value) ?? ""; }

    /// <summary>When the provider last changed it, in UTC, or <see langword="null"/> when the report does not say.</summary>
    public DateTimeOffset? UpdatedAt { get => _updatedAt; init => _updatedAt = value?.ToUniversalTime(); }

    /// <summary>When it was merged, in UTC, or <see langword="null"/>.</summary>
    public DateTimeOffset? MergedAt { get => _mergedAt; init => _mergedAt = value?.ToUniversalTime(); }
}
