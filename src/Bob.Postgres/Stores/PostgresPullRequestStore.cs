using Bob.Git.Abstractions;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// <see cref="IPullRequestStore"/> over <c>pull_requests</c> and <c>git_commits</c>. A report is applied only when its
/// (provider <c>updated_at</c>, <c>bob_pr_state_key</c>) is greater than the stored one, a missing time counting as the
/// earliest: the stored row is the maximum of every report seen, so the same reports in any order give the same row. When a
/// session's pull request is linked, marked ready, merged or closed, the <see cref="IPullRequestSessionObserver"/>s' outbox rows are written
/// in the same transaction.
/// </summary>
public sealed partial class PostgresPullRequestStore(
    [FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource,
    IEnumerable<IPullRequestSessionObserver>? observers = null) : IPullRequestStore
{
    /// <inheritdoc />
    public async Task<PullRequestChange> ApplyAsync(Repository repository, PullRequestInfo pullRequest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(pullRequest);
        var remote = pullRequest.Repository;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The row as it was, locked until commit: a concurrent report of the same pull request waits, so each sees the state
        // the other left and a change is announced once.
        var prior = await FindAsync(connection, transaction, remote, pullRequest.Number, forUpdate: true, cancellationToken);

        await using var upsert = new NpgsqlCommand(
            $"""
            INSERT INTO pull_requests AS p (user_id, repository_id, provider, instance_url, remote_owner, remote_name, number,
                head_branch, base_branch, title, body, status, url, merged_at, provider_updated_at, head_sha)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (provider, instance_url, lower(remote_owner), lower(remote_name), number) DO UPDATE SET
                head_branch = EXCLUDED.head_branch, base_branch = EXCLUDED.base_branch, title = EXCLUDED.title, body = EXCLUDED.body,
                status = EXCLUDED.status, url = EXCLUDED.url, merged_at = EXCLUDED.merged_at,
                provider_updated_at = EXCLUDED.provider_updated_at, head_sha = EXCLUDED.head_sha,
                repository_id = coalesce(p.repository_id, EXCLUDED.repository_id)
            WHERE (coalesce(EXCLUDED.provider_updated_at, '-infinity'), bob_pr_state_key(EXCLUDED.status, EXCLUDED.head_sha, EXCLUDED.title, EXCLUDED.body, EXCLUDED.head_branch, EXCLUDED.base_branch))
                > (coalesce(p.provider_updated_at, '-infinity'), bob_pr_state_key(p.status, p.head_sha, p.title, p.body, p.head_branch, p.base_branch))
            RETURNING id, session_id, {VisibleColumns}
            """,
            connection,
            transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = repository.UserId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = repository.Id });
        AddRemote(upsert, remote);
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.Number });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.HeadBranch });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.BaseBranch });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.Title });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)pullRequest.Body ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.Status.ToWireName() });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.Url });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.Status == PullRequestStatus.Merged && pullRequest.MergedAt is { } m ? m : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        upsert.Parameters.Add(new NpgsqlParameter { Value = pullRequest.UpdatedAt is { } updatedAt ? updatedAt : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)pullRequest.HeadSha ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });

        StoredPullRequest? current = null;
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                current = StoredPullRequest.Read(reader);
            }
        }

        // No row came back: the report was older than the stored state. The row then existed before this statement, or a
        // concurrent insert made it; either way it is there now.
        var row = current ?? prior ?? await FindAsync(connection, transaction, remote, pullRequest.Number, forUpdate: false, cancellationToken)
            ?? throw new InvalidOperationException($"Pull request {pullRequest.Number} of {remote.WebUrl} was neither stored nor found.");
        var changed = current is not null;

        // What the change tells is decided by PullRequestChangeRules; this store writes it in the change's transaction.
        var visible = current is not null && PullRequestChangeRules.IsVisibleChange(prior?.AsReport(pullRequest), pullRequest);
        if (visible && current!.SessionId is { } session)
        {
            var (kind, payload) = PullRequestChangeRules.ChangedEvent(current.Id, pullRequest);
            await Internal.SessionEvents.AppendAsync(connection, transaction, session, kind, payload, cancellationToken);
            if (PullRequestChangeRules.ObserverChange(prior?.AsReport(pullRequest).Status, pullRequest.Status) is { } observed)
            {
                await NotifyObserversAsync(connection, transaction, session, current.Id, observed, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new PullRequestChange(row.Id, changed, row.SessionId) { VisibleChange = visible };
    }

    /// <summary>The columns a person sees change, in the order <see cref="StoredPullRequest.Read"/> reads them after id and session.</summary>
    private const string VisibleColumns = "status, title, body, head_sha, head_branch, base_branch";

    private static async Task<StoredPullRequest?> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, RemoteRepositoryIdentity remote, int number, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            $"""
            SELECT id, session_id, {VisibleColumns} FROM pull_requests
            WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4) AND number = $5
            {(forUpdate ? "FOR UPDATE" : "")}
            """,
            connection,
            transaction);
        AddRemote(find, remote);
        find.Parameters.Add(new NpgsqlParameter { Value = number });
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredPullRequest.Read(reader) : null;
    }

    /// <summary>A pull request row's id, session and the state a person sees.</summary>
    private sealed record StoredPullRequest(Guid Id, Guid? SessionId, string Status, string Title, string? Body, string? HeadSha, string HeadBranch, string BaseBranch)
    {
        public static StoredPullRequest Read(NpgsqlDataReader reader) => new(
            reader.GetGuid(0),
            reader.IsDBNull(1) ? null : reader.GetGuid(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7));

        /// <summary>The report as this row last stored it: <paramref name="report"/> with the row's visible state.</summary>
        public PullRequestInfo AsReport(PullRequestInfo report) => report with
        {
            Status = PullRequestStatusNames.Parse(Status), Title = Title, Body = Body, HeadSha = HeadSha, HeadBranch = HeadBranch, BaseBranch = BaseBranch,
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// A session-level advisory lock keyed by the remote and head, held on one connection by the holder; waiters try it
    /// on a short-lived connection and wait between tries, so they hold none. Released explicitly (pooled connections are
    /// not reset), and by PostgreSQL if the holder's connection dies.
    /// </remarks>
    public async Task<IAsyncDisposable> LockHeadAsync(RemoteRepositoryIdentity remote, string headBranch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(headBranch);
        var key = $"bob:pr-head:{remote.Provider.ToWireName()}|{remote.InstanceUrl}|{remote.Owner.ToLowerInvariant()}|{remote.Name.ToLowerInvariant()}|{headBranch}";
        return await Internal.AdvisoryLock.AcquireAsync(dataSource, key, cancellationToken);
    }

    /// <summary>A pull request row with the viewing user's repository of its remote (none: not visible to that user).</summary>
    private const string VisibleSelect = """
        SELECT p.id, r.id, p.provider, p.instance_url, p.remote_owner, p.remote_name, p.number, p.title, p.body, p.head_branch,
               p.base_branch, p.head_sha, p.status, p.url, p.session_id, p.kanbanger_task_id, p.created_at, p.merged_at
        FROM pull_requests p
        JOIN LATERAL (
            SELECT id FROM repositories r
            WHERE r.user_id = $1 AND r.remote_provider = p.provider AND r.remote_instance_url IS NOT DISTINCT FROM p.instance_url
              AND lower(r.remote_owner) = lower(p.remote_owner) AND lower(r.remote_name) = lower(p.remote_name)
            ORDER BY r.created_at, r.id LIMIT 1
        ) r ON true
        """;

    /// <inheritdoc />
    public async Task<bool> LinkSessionAsync(Guid pullRequestId, Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE pull_requests SET session_id = $2 WHERE id = $1 AND session_id IS NULL RETURNING url, number, title",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        command.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        (string Url, int Number, string Title)? linked = null;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                linked = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2));
            }
        }

        if (linked is { } pr)
        {
            var (kind, payload) = PullRequestChangeRules.LinkedEvent(pullRequestId, pr.Url, pr.Number, pr.Title);
            await Internal.SessionEvents.AppendAsync(connection, transaction, sessionId, kind, payload, cancellationToken);
            await NotifyObserversAsync(connection, transaction, sessionId, pullRequestId, PullRequestChangeRules.Linked, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return linked is not null;
    }

    /// <summary>Writes the observers' outbox rows for a session's pull request that was <c>linked</c>, <c>merged</c> or <c>closed</c>, in the change's transaction.</summary>
    private async Task NotifyObserversAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid sessionId, Guid pullRequestId, string change, CancellationToken cancellationToken)
    {
        var list = observers?.ToArray() ?? [];
        if (list.Length == 0)
        {
            return;
        }

        await using var owner = new NpgsqlCommand("SELECT user_id FROM pull_requests WHERE id = $1", connection, transaction);
        owner.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        var userId = (Guid)(await owner.ExecuteScalarAsync(cancellationToken))!;
        foreach (var message in list.SelectMany(o => o.Changed(new PullRequestSessionChange(userId, sessionId, pullRequestId, change))))
        {
            await Internal.Outbox.EnqueueAsync(connection, transaction, message, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<bool> LinkTaskAsync(Guid pullRequestId, string kanbangerTaskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kanbangerTaskId);
        await using var command = dataSource.CreateCommand("UPDATE pull_requests SET kanbanger_task_id = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        command.Parameters.Add(new NpgsqlParameter { Value = kanbangerTaskId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Adds provider, instance URL, owner and name as the next four positional parameters, in the order the natural key has them.</summary>
    private static void AddRemote(NpgsqlCommand command, RemoteRepositoryIdentity remote)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Provider.ToWireName() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)remote.InstanceUrl ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Owner });
        command.Parameters.Add(new NpgsqlParameter { Value = remote.Name });
    }
}
