using Bob.Git.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bob.Git;

/// <summary>
/// Worktrees of a session's repository (plan 4.3, the tasks' executor): the host keeps one bare mirror per repository under
/// <see cref="GitWorkOptions.WorkDirectory"/> (<c>mirrors/{repositoryId}.git</c>, remote <c>origin</c> without
/// credentials), fetches it with the repository's connection, and adds a <c>git worktree</c> per request on a new branch
/// <c>bob/{sessionIdShort}/{slug}</c> (a suffix when taken). One request at a time per mirror, across processes.
/// </summary>
public sealed partial class WorktreeService(
    ISessionStore sessions,
    IRepositoryStore repositories,
    IGitAccessTokenProvider accessTokens,
    GitProviders providers,
    GitCommandRunner git,
    IOptions<GitWorkOptions> options,
    ILogger<WorktreeService> logger)
{
    /// <summary>Adds a worktree for the session, on a new branch from <paramref name="baseBranch"/> (default: the remote's default branch).</summary>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    /// <exception cref="BobValidationException">(<c>baseBranch</c>) Not a branch name, or not on the remote; (<c>repositoryId</c>) the session has no repository.</exception>
    /// <exception cref="GitCommandException">The remote refused the connection's token.</exception>
    /// <exception cref="GitCommandException">The remote could not be reached.</exception>
    public async Task<Worktree> AddAsync(Guid userId, Guid sessionId, string? baseBranch, CancellationToken cancellationToken = default)
    {
        var session = await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForSession(sessionId);
        if (session.RepositoryId is not { } repositoryId)
        {
            throw new BobValidationException("repositoryId", "The session has no repository: create it with a repositoryId to add worktrees.");
        }

        var repository = await repositories.GetAsync(userId, repositoryId, cancellationToken).ConfigureAwait(false)
            ?? throw BobNotFoundException.ForRepository(repositoryId);
        baseBranch = string.IsNullOrWhiteSpace(baseBranch) ? null : baseBranch.Trim();
        if (baseBranch is not null)
        {
            baseBranch = GitBranchName.Require(baseBranch, "baseBranch"); // git's rules, in process, before git or the provider
        }

        var credentials = await CredentialsAsync(userId, repository, required: false, cancellationToken).ConfigureAwait(false);
        var mirror = MirrorPath(repository.Id);
        using (await MirrorLock.AcquireAsync(mirror + ".lock", options.Value.LockTimeout, cancellationToken).ConfigureAwait(false))
        {
            await FetchAsync(repository, mirror, credentials, cancellationToken).ConfigureAwait(false);
            baseBranch ??= await DefaultBranchAsync(mirror, credentials, cancellationToken).ConfigureAwait(false);
            var baseRef = await git.RunAsync(mirror, ["rev-parse", "--verify", "--quiet", $"refs/remotes/origin/{baseBranch}^{{commit}}"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (baseRef.ExitCode != 0)
            {
                throw new BobValidationException("baseBranch", $"The remote has no branch '{TextRules.Excerpt(baseBranch, 100)}'.");
            }

            var baseSha = baseRef.Output.Trim();
            var branch = await FreeBranchAsync(repository.Id, mirror, SessionBranchName.Create(session.Id, session.Title), cancellationToken).ConfigureAwait(false);
            var id = Guid.NewGuid();
            var path = Path.Combine(WorkDirectory, "worktrees", id.ToString("N"));
            await git.RunCheckedAsync(mirror, ["worktree", "add", "--quiet", "-b", branch, path, baseSha], cancellationToken: cancellationToken).ConfigureAwait(false);
            LogAdded(logger, id, repository.Id, branch, baseBranch);
            return await sessions.AddWorktreeAsync(new Worktree(id, userId, repository.Id, session.Id, path, branch, baseBranch, baseSha, default), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The session's worktrees, newest first.</summary>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    public async Task<IReadOnlyList<Worktree>> ListAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        _ = await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false) ?? throw BobNotFoundException.ForSession(sessionId);
        return await sessions.ListWorktreesAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The absolute work directory.</summary>
    public string WorkDirectory => Path.GetFullPath(options.Value.WorkDirectory);

    /// <summary>The mirror of a repository.</summary>
    internal string MirrorPath(Guid repositoryId) => Path.Combine(WorkDirectory, "mirrors", repositoryId.ToString("N") + ".git");

    /// <summary>The credentials of the repository's connection; <see langword="null"/> without one unless <paramref name="required"/>.</summary>
    internal async Task<GitCredentials?> CredentialsAsync(Guid userId, Repository repository, bool required, CancellationToken cancellationToken)
    {
        providers.EnsureAllowed(repository.Remote.Instance);
        if (repository.ConnectionId is not { } connectionId)
        {
            return required ? throw new BobConflictException($"Repository {repository.Id} has no provider connection: set one with PUT /api/repositories/{repository.Id}/connection.", "The repository needs a connection") : null;
        }

        var token = await accessTokens.GetAccessTokenAsync(userId, connectionId, repository.Remote, cancellationToken).ConfigureAwait(false);
        return new GitCredentials(repository.Remote.Instance, token, connectionId);
    }

    /// <summary>Creates the mirror when missing, then fetches every branch of the remote into <c>refs/remotes/origin/*</c>.</summary>
    internal async Task FetchAsync(Repository repository, string mirror, GitCredentials? credentials, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(mirror))
        {
            var creating = mirror + ".new-" + Guid.NewGuid().ToString("N")[..8];
            await git.RunCheckedAsync(null, ["init", "--quiet", "--bare", creating], cancellationToken: cancellationToken).ConfigureAwait(false);
            await git.RunCheckedAsync(creating, ["remote", "add", "origin", repository.Remote.ToRemoteUrl(RemoteUrlKind.Https)], cancellationToken: cancellationToken).ConfigureAwait(false);
            Directory.Move(creating, mirror);
        }

        var fetch = await git.RunAsync(mirror, ["fetch", "--quiet", "--prune", "origin"], credentials, cancellationToken).ConfigureAwait(false);
        if (fetch.ExitCode != 0)
        {
            throw GitRemoteErrors.For("fetch", fetch, credentials);
        }
    }

    private async Task<string> DefaultBranchAsync(string mirror, GitCredentials? credentials, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(mirror, ["ls-remote", "--symref", "origin", "HEAD"], credentials, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw GitRemoteErrors.For("ls-remote", result, credentials);
        }

        // "ref: refs/heads/main\tHEAD"
        foreach (var line in result.Output.Split('\n'))
        {
            if (line.StartsWith("ref: refs/heads/", StringComparison.Ordinal) && line.IndexOf('\t', StringComparison.Ordinal) is > 16 and var tab)
            {
                return line[16..tab];
            }
        }

        throw new BobValidationException("baseBranch", "The remote names no default branch (it may be empty): give baseBranch.");
    }

    /// <summary>The wanted branch, or it with the first free suffix: free in the mirror, on the remote, and in every host's worktrees.</summary>
    private async Task<string> FreeBranchAsync(Guid repositoryId, string mirror, string wanted, CancellationToken cancellationToken)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? wanted : $"{wanted}-{n}";
            if (await sessions.IsBranchTakenAsync(repositoryId, candidate, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var local = await git.RunAsync(mirror, ["show-ref", "--verify", "--quiet", $"refs/heads/{candidate}"], cancellationToken: cancellationToken).ConfigureAwait(false);
            var remote = await git.RunAsync(mirror, ["show-ref", "--verify", "--quiet", $"refs/remotes/origin/{candidate}"], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (local.ExitCode != 0 && remote.ExitCode != 0)
            {
                return candidate;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added worktree {WorktreeId} of repository {RepositoryId} on {Branch} from {BaseBranch}")]
    private static partial void LogAdded(ILogger logger, Guid worktreeId, Guid repositoryId, string branch, string baseBranch);
}
