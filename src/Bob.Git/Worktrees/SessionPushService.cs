using System.Globalization;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// Turns a session's commits into a pull request (plan 4.3): pushes the worktree's branch with the repository's connection
/// (the token only in git's environment), opens a draft pull request unless one is open for the branch, and records the
/// pushed commits as Bob's.
/// </summary>
public sealed partial class SessionPushService(
    ISessionStore sessions,
    IRepositoryStore repositories,
    IPullRequestStore pullRequests,
    PullRequestService pullRequestService,
    WorktreeService worktrees,
    GitCommandRunner git,
    IOptions<GitWorkOptions> options,
    ILogger<SessionPushService> logger)
{
    /// <summary>Pushes the worktree's branch and opens (or finds) its draft pull request.</summary>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    /// <exception cref="BobNotFoundException">No such worktree in the session.</exception>
    /// <exception cref="BobValidationException">(<c>worktreeId</c>) The worktree has no commits beyond its base.</exception>
    /// <exception cref="BobConflictException">The repository has no provider connection.</exception>
    /// <exception cref="GitCommandException">The branch moved on the remote (not a fast-forward).</exception>
    /// <exception cref="GitCommandException">The remote refused the connection's token.</exception>
    /// <exception cref="GitCommandException">The remote could not be reached.</exception>
    public async Task<SessionPushResult> PushAsync(Guid userId, Guid sessionId, Guid worktreeId, CancellationToken cancellationToken = default)
    {
        var session = await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForSession(sessionId);
        var worktree = await sessions.GetWorktreeAsync(userId, worktreeId, cancellationToken).ConfigureAwait(false);
        if (worktree is null || worktree.SessionId != session.Id)
        {
            throw new BobNotFoundException(BobNotFoundException.Worktree, worktreeId, $"Worktree {worktreeId} was not found in session {sessionId}.");
        }

        var repository = await repositories.GetAsync(userId, worktree.RepositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(worktree.RepositoryId);
        var credentials = await worktrees.CredentialsAsync(userId, repository, required: true, cancellationToken).ConfigureAwait(false);
        var sha = await git.RunCheckedAsync(worktree.Path, ["rev-parse", "--verify", "HEAD^{commit}"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var commits = await CommitsAsync(worktree, cancellationToken).ConfigureAwait(false);
        if (commits.Count == 0)
        {
            throw new BobValidationException("worktreeId", "The worktree has no commits beyond its base: commit first, then push.");
        }

        using (await MirrorLock.AcquireAsync(worktrees.MirrorPath(repository.Id) + ".lock", options.Value.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            var push = await git.RunAsync(worktree.Path, ["push", "--quiet", "origin", $"HEAD:refs/heads/{worktree.Branch}"], credentials, cancellationToken).ConfigureAwait(false);
            if (push.ExitCode != 0)
            {
                throw GitRemoteErrors.For("push", push, credentials);
            }
        }

        LogPushed(logger, worktree.Branch, sha, repository.Remote.WebUrl);
        var title = session.Title ?? commits[^1].Message.Split('\n', 2)[0].Trim();
        var body = PullRequestBody(session.Id, commits);
        var (pullRequest, created) = await pullRequestService.CreateDraftAsync(
            userId, repository.Id, session.Id, worktree.Branch, worktree.BaseBranch, title.Length > 0 ? title : worktree.Branch, body, cancellationToken).ConfigureAwait(false);
        await pullRequests.AddPullRequestCommitsAsync(repository, pullRequest.Id, session.Id, commits, cancellationToken).ConfigureAwait(false);
        return new SessionPushResult(worktree.Branch, sha, pullRequest, created);
    }

    /// <summary>The draft's description: where it came from, and a bullet per commit subject (oldest first, at most 20).</summary>
    internal static string PullRequestBody(Guid sessionId, IReadOnlyList<CommitInfo> commits)
    {
        var text = new System.Text.StringBuilder($"Opened by Bob from session {sessionId}.\n\n## Changes\n");
        foreach (var commit in commits.Take(20))
        {
            var subject = commit.Message.Split('\n', 2)[0].Trim();
            text.Append("- ").Append(subject.Length > 0 ? TextRules.Excerpt(subject, 200) : commit.Sha[..Math.Min(12, commit.Sha.Length)]).Append('\n');
        }

        if (commits.Count > 20)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"- and {commits.Count - 20} more commits\n");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>The worktree's commits beyond its base, oldest first.</summary>
    private async Task<IReadOnlyList<CommitInfo>> CommitsAsync(Worktree worktree, CancellationToken cancellationToken)
    {
        // Fields separated by US (0x1f), records by RS (0x1e): neither occurs in names, dates or (in practice) messages.
        var log = await git.RunCheckedAsync(
            worktree.Path,
            ["log", "--reverse", "--format=%H%x1f%an%x1f%ae%x1f%cI%x1f%B%x1e", $"{worktree.BaseSha}..HEAD"],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var commits = new List<CommitInfo>();
        foreach (var record in log.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = record.TrimStart('\n').Split('\x1f');
            if (fields.Length == 5)
            {
                commits.Add(new CommitInfo(fields[0], fields[4].Trim(), fields[1], fields[2], DateTimeOffset.Parse(fields[3], CultureInfo.InvariantCulture)));
            }
        }

        return commits;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pushed {Branch} at {Sha} to {Repository}")]
    private static partial void LogPushed(ILogger logger, string branch, string sha, string repository);
}
