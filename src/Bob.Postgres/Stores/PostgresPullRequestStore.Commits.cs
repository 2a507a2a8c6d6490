using Bob.Git.Abstractions;
using Npgsql;

namespace Bob.Postgres;

// The pull request store's commits: recorded from pushes and pull requests, listed per remote.
public partial class PostgresPullRequestStore
{
    /// <inheritdoc />
    public async Task<int> AddCommitsAsync(Repository repository, string branch, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        var valid = commits.Where(c => IsObjectId(c.Sha)).ToArray();
        if (valid.Length == 0)
        {
            return 0;
        }

        var remote = repository.Remote;
        await using var command = dataSource.CreateCommand(
            """
            WITH pr AS (
                SELECT id FROM pull_requests
                WHERE provider = $1 AND instance_url IS NOT DISTINCT FROM $2 AND lower(remote_owner) = lower($3) AND lower(remote_name) = lower($4)
                  AND head_branch = $5 AND status IN ('open', 'draft')
                ORDER BY number DESC LIMIT 1
            )
            INSERT INTO git_commits (repository_id, provider, instance_url, remote_owner, remote_name, sha, message, author_name, author_email, committed_at, pull_request_id)
            SELECT $6, $1, $2, $3, $4, lower(c.sha), c.message, c.author_name, c.author_email, c.committed_at, (SELECT id FROM pr)
            FROM unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[]) AS c(sha, message, author_name, author_email, committed_at)
            ON CONFLICT (provider, instance_url, lower(remote_owner), lower(remote_name), sha) DO UPDATE SET
                pull_request_id = coalesce(git_commits.pull_request_id, EXCLUDED.pull_request_id),
                repository_id = coalesce(git_commits.repository_id, EXCLUDED.repository_id)
            """);
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = branch });
        command.Parameters.Add(new NpgsqlParameter { Value = repository.Id });
        AddCommits(command, valid);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> AddPullRequestCommitsAsync(Repository repository, Guid pullRequestId, Guid? sessionId, IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        var valid = commits.Where(c => IsObjectId(c.Sha)).ToArray();
        if (valid.Length == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO git_commits (repository_id, provider, instance_url, remote_owner, remote_name, sha, message, author_name, author_email, committed_at,
                pull_request_id, session_id, is_bob_commit)
            SELECT $7, $1, $2, $3, $4, lower(c.sha), c.message, c.author_name, c.author_email, c.committed_at, $5, $6, $6 IS NOT NULL
            FROM unnest($8::text[], $9::text[], $10::text[], $11::text[], $12::timestamptz[]) AS c(sha, message, author_name, author_email, committed_at)
            ON CONFLICT (provider, instance_url, lower(remote_owner), lower(remote_name), sha) DO UPDATE SET
                pull_request_id = coalesce(git_commits.pull_request_id, EXCLUDED.pull_request_id),
                repository_id = coalesce(git_commits.repository_id, EXCLUDED.repository_id),
                session_id = coalesce(git_commits.session_id, EXCLUDED.session_id),
                is_bob_commit = git_commits.is_bob_commit OR EXCLUDED.is_bob_commit
            """);
        AddRemote(command, repository.Remote);
        command.Parameters.Add(new NpgsqlParameter { Value = pullRequestId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)sessionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter { Value = repository.Id });
        AddCommits(command, valid);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RepositoryCommit>> ListCommitsAsync(RemoteRepositoryIdentity remote, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var command = dataSource.CreateCommand(
            """
            SELECT c.sha, c.message, c.author_name, c.committed_at, c.pull_request_id, p.number, c.is_bob_commit
            FROM git_commits c LEFT JOIN pull_requests p ON p.id = c.pull_request_id
            WHERE c.provider = $1 AND c.instance_url IS NOT DISTINCT FROM $2 AND lower(c.remote_owner) = lower($3) AND lower(c.remote_name) = lower($4)
            ORDER BY c.committed_at DESC, c.sha LIMIT $5
            """);
        AddRemote(command, remote);
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var commits = new List<RepositoryCommit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            commits.Add(new RepositoryCommit(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                Internal.Timestamps.FromUtc(reader.GetDateTime(3)),
                reader.IsDBNull(4) ? null : reader.GetGuid(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetBoolean(6)));
        }

        return commits;
    }

    /// <summary>Adds the commits as the next five positional array parameters: sha, message, author name, author email, time.</summary>
    private static void AddCommits(NpgsqlCommand command, CommitInfo[] commits)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = commits.Select(c => c.Sha).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = commits.Select(c => c.Message).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = commits.Select(c => c.AuthorName).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = commits.Select(c => c.AuthorEmail).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = commits.Select(c => c.CommittedAt).ToArray() });
    }

    /// <summary>Whether <paramref name="sha"/> is a git object id (40 or 64 hex characters): other rows are not stored.</summary>
    private static bool IsObjectId(string sha) => sha is { Length: 40 or 64 } && sha.All(char.IsAsciiHexDigit);
}
