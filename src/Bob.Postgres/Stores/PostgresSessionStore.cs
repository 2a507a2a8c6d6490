using Bob.Git.Abstractions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>The <see cref="ISessionStore"/> over <c>chat_conversations</c> and <c>worktrees</c>.</summary>
public sealed class PostgresSessionStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : ISessionStore
{
    private const string SessionColumns = Internal.Sessions.Columns;
    private const string WorktreeColumns = "id, user_id, repository_id, session_id, path, branch, base_branch, base_sha, created_at";

    /// <inheritdoc />
    public async Task<Session> CreateAsync(Guid userId, Guid? repositoryId, string? title, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await Internal.Sessions.InsertAsync(connection, null, userId, repositoryId, title, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Session?> GetAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {SessionColumns} FROM chat_conversations WHERE id = @sessionId AND user_id = @userId",
            new { userId, sessionId },
            cancellationToken: cancellationToken));
        return row?.ToSession();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Session>> ListAsync(Guid userId, int limit, PageKey? after, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            $"""
            SELECT {SessionColumns} FROM chat_conversations
            WHERE user_id = @userId AND (@afterId::uuid IS NULL OR (created_at, id) < (@afterAt, @afterId))
            ORDER BY created_at DESC, id DESC
            LIMIT @limit
            """,
            new { userId, limit, afterAt = after?.CreatedAt.UtcDateTime, afterId = after?.Id },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToSession()).ToArray();
    }

    /// <inheritdoc />
    public async Task<Worktree> AddWorktreeAsync(Worktree worktree, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<WorktreeRow>(new CommandDefinition(
            $"""
            INSERT INTO worktrees (id, user_id, repository_id, session_id, path, branch, base_branch, base_sha)
            VALUES (@Id, @UserId, @RepositoryId, @SessionId, @Path, @Branch, @BaseBranch, @BaseSha)
            RETURNING {WorktreeColumns}
            """,
            worktree,
            cancellationToken: cancellationToken));
        return row.ToWorktree();
    }

    /// <inheritdoc />
    public async Task<bool> IsBranchTakenAsync(Guid repositoryId, string branch, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM worktrees WHERE repository_id = @repositoryId AND branch = @branch)",
            new { repositoryId, branch },
            cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public async Task<Worktree?> GetWorktreeAsync(Guid userId, Guid worktreeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<WorktreeRow>(new CommandDefinition(
            $"SELECT {WorktreeColumns} FROM worktrees WHERE id = @worktreeId AND user_id = @userId AND session_id IS NOT NULL",
            new { userId, worktreeId },
            cancellationToken: cancellationToken));
        return row?.ToWorktree();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Worktree>> ListWorktreesAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<WorktreeRow>(new CommandDefinition(
            $"SELECT {WorktreeColumns} FROM worktrees WHERE session_id = @sessionId AND user_id = @userId ORDER BY created_at DESC, id DESC",
            new { userId, sessionId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToWorktree()).ToArray();
    }

    private sealed record SessionRow(Guid id, Guid user_id, Guid? repository_id, string? title, DateTime created_at)
    {
        public Session ToSession() => new(id, user_id, repository_id, title, Internal.Timestamps.FromUtc(created_at));
    }

    private sealed record WorktreeRow(Guid id, Guid user_id, Guid repository_id, Guid? session_id, string path, string branch, string? base_branch, string? base_sha, DateTime created_at)
    {
        public Worktree ToWorktree() => new(id, user_id, repository_id, session_id ?? Guid.Empty, path, branch, base_branch ?? "", base_sha ?? "", Internal.Timestamps.FromUtc(created_at));
    }
}
