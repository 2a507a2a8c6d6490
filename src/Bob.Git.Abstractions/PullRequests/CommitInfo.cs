namespace Bob.Git.Abstractions;

/// <summary>A commit as a provider or a push event reports it.</summary>
/// <param name="Sha">The full 40-character object id.</param>
/// <param name="Message">The full commit message.</param>
/// <param name="AuthorName">The author's name, when known.</param>
/// <param name="AuthorEmail">The author's e-mail address, when known.</param>
/// <param name="CommittedAt">The commit's timestamp, kept in UTC whatever offset the provider wrote (see <see cref="PullRequestInfo"/>).</param>
public sealed record CommitInfo(string Sha, string Message, string? AuthorName, string? AuthorEmail, DateTimeOffset CommittedAt)
{
    private readonly DateTimeOffset _committedAt = CommittedAt.ToUniversalTime();

    /// <summary>The commit's timestamp, in UTC.</summary>
    public DateTimeOffset CommittedAt { get => _committedAt; init => _committedAt = value.ToUniversalTime(); }

    /// <summary>
    /// A commit as a provider's API lists it, the same rule for every provider: its time is the committer's when given,
    /// else the author's, else <paramref name="now"/> (a report without either).
    /// </summary>
    public static CommitInfo FromReport(string sha, string message, string? authorName, string? authorEmail, DateTimeOffset? committedAt, DateTimeOffset? authoredAt, DateTimeOffset now) =>
        new(sha, message, authorName, authorEmail, committedAt ?? authoredAt ?? now);
}
