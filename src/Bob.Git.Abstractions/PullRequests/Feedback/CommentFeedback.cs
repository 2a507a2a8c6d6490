namespace Bob.Git.Abstractions;

/// <summary>A comment on a pull request, inline or in its conversation.</summary>
/// <param name="ProviderId">The provider's comment id.</param>
/// <param name="Revision">See <see cref="PullRequestFeedback.Revision"/>; <see cref="PullRequestFeedback.Ended"/> when deleted.</param>
/// <param name="Kind">Inline or conversation.</param>
/// <param name="Author">The author's login.</param>
/// <param name="AuthorId">The author's account id at the provider.</param>
/// <param name="Body">The text.</param>
/// <param name="Url">Its web page (absolute http or https), or empty.</param>
/// <param name="Path">The file of an inline comment.</param>
/// <param name="Line">The line of an inline comment, when the provider names one.</param>
/// <param name="InReplyTo">The comment it answers, if any.</param>
/// <param name="ThreadId">The thread it belongs to (GitHub: the thread's first comment id; GitLab: the discussion id).</param>
/// <param name="ReviewId">The review it was made in, if any.</param>
/// <param name="CreatedAt">When it was made (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record CommentFeedback(
    string ProviderId,
    int Revision,
    CommentKind Kind,
    string Author,
    string? AuthorId,
    string Body,
    string Url,
    string? Path,
    int? Line,
    string? InReplyTo,
    string? ThreadId,
    string? ReviewId,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
    : PullRequestFeedback(ProviderId, Revision)
{
    private readonly string _url = TextRules.HttpLinkOrNull(Url) ?? "";

    /// <summary>The comment's web page (absolute http or https), or empty when the report's URL was anything else.</summary>
    public string Url { get => _url; init => _url = TextRules.HttpLinkOrNull(value) ?? ""; }

    /// <summary>Whether this report says the comment was deleted.</summary>
    public bool Deleted => Revision == Ended;

    /// <summary>Whether its thread was last reported resolved (set by stores when they list it).</summary>
    public bool Resolved { get; init; }

    /// <inheritdoc />
    protected override DateTimeOffset? At => UpdatedAt ?? CreatedAt;
}
