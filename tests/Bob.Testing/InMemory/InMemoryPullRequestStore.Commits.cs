using Bob.Git.Abstractions;

namespace Bob.Testing;

// The in-memory pull request store's commits: kept once per remote and sha, linked to the branch's open pull request.
public sealed partial class InMemoryPullRequestStore
{
    private readonly List<CommitRow> _commits = [];

    /// <inheritdoc />
    public Task<int> AddCommitsAsync(Repository repository, string branch, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        lock (_gate)
        {
            var open = _rows.Where(r => InMemoryRepositoryStore.SameRemote(r.Remote, repository.Remote) && r.HeadBranch == branch && r.Status is PullRequestStatus.Open or PullRequestStatus.Draft)
                .OrderByDescending(r => r.Number).FirstOrDefault();
            return Task.FromResult(AddCommits(repository, commits, open?.Id, null));
        }
    }

    /// <inheritdoc />
    public Task<int> AddPullRequestCommitsAsync(Repository repository, Guid pullRequestId, Guid? sessionId, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        lock (_gate)
        {
            return Task.FromResult(AddCommits(repository, commits, pullRequestId, sessionId));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RepositoryCommit>> ListCommitsAsync(RemoteRepositoryIdentity remote, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<RepositoryCommit> list = [.. _commits.Where(c => InMemoryRepositoryStore.SameRemote(c.Remote, remote))
                .OrderByDescending(c => c.Commit.CommittedAt).ThenBy(c => c.Commit.Sha, StringComparer.Ordinal).Take(limit)
                .Select(c => new RepositoryCommit(c.Commit.Sha, c.Commit.Message, c.Commit.AuthorName, c.Commit.CommittedAt, c.PullRequestId,
                    _rows.FirstOrDefault(r => r.Id == c.PullRequestId)?.Number, c.IsBobCommit))];
            return Task.FromResult(list);
        }
    }

    private int AddCommits(Repository repository, IReadOnlyList<CommitInfo> commits, Guid? pullRequestId, Guid? sessionId)
    {
        var count = 0;
        foreach (var commit in commits.Where(c => c.Sha is { Length: 40 or 64 } && c.Sha.All(char.IsAsciiHexDigit)))
        {
            var sha = commit.Sha.ToLowerInvariant();
            count++;
            if (_commits.FirstOrDefault(c => InMemoryRepositoryStore.SameRemote(c.Remote, repository.Remote) && c.Commit.Sha == sha) is { } known)
            {
                known.PullRequestId ??= pullRequestId;
                known.SessionId ??= sessionId;
                known.IsBobCommit |= sessionId is not null;
                continue;
            }

            _commits.Add(new CommitRow(repository.Remote, commit with { Sha = sha }) { PullRequestId = pullRequestId, SessionId = sessionId, IsBobCommit = sessionId is not null });
        }

        return count;
    }

    private sealed record CommitRow(RemoteRepositoryIdentity Remote, CommitInfo Commit)
    {
        public Guid? PullRequestId { get; set; }

        public Guid? SessionId { get; set; }

        public bool IsBobCommit { get; set; }
    }
}
