using Bob.Git.Abstractions;
using Bob.Postgres.Internal;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>
/// The <see cref="IGitAppInstallationStore"/> over <c>github_app_installations</c> and
/// <c>github_app_installation_repositories</c> (migration 0027). The token is stored and returned as ciphertext only; a mint
/// runs under a lease of two columns of the row (<c>mint_lease_id</c>, <c>mint_lease_until</c>), as connection refreshes do,
/// with no transaction or pooled connection held while the provider answers.
/// </summary>
public sealed class PostgresGitAppInstallationStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IGitAppInstallationStore
{
    /// <summary>How long a minter holds an installation's lease: longer than a provider call with its retries can take.</summary>
    public static readonly TimeSpan MintLease = TimeSpan.FromMinutes(2.5);

    private readonly RowLease _mintLease = new(dataSource, "github_app_installations", "mint_lease_id", "mint_lease_until", MintLease);
    private readonly RowLease _logLease = new(dataSource, "github_app_hook_logs", "lease_id", "lease_until", MintLease);

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitInstance>> ListInstancesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var urls = await connection.QueryAsync<string?>(new CommandDefinition(
            "SELECT DISTINCT instance_url FROM github_app_installations WHERE deleted_at IS NULL", cancellationToken: cancellationToken));
        return [.. urls.Select(url => GitInstance.FromInstanceUrl(GitProvider.GitHub, url))];
    }

    /// <inheritdoc />
    public async Task<GitAppHookLog> ChangeHookLogAsync(GitInstance instance, Func<GitAppHookLog, CancellationToken, Task<GitAppHookLogChange?>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(change);
        Guid id;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                "INSERT INTO github_app_hook_logs (instance_url) VALUES (@url) ON CONFLICT DO NOTHING RETURNING id", new { url = instance.InstanceUrl }, cancellationToken: cancellationToken))
                ?? await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(
                    "SELECT id FROM github_app_hook_logs WHERE instance_url IS NOT DISTINCT FROM @url", new { url = instance.InstanceUrl }, cancellationToken: cancellationToken));
        }

        var held = await _logLease.AcquireAsync<HookLogRow>(id, HookLogRow.Columns, cancellationToken)
            ?? throw new InvalidOperationException($"The App hook log row of {instance} vanished.");
        var before = held.Row.ToLog(instance);
        GitAppHookLogChange? result;
        try
        {
            result = await change(before, cancellationToken);
        }
        catch
        {
            await _logLease.ReleaseAsync(id, held.Lease);
            throw;
        }

        if (result is null)
        {
            await _logLease.ReleaseAsync(id, held.Lease);
            return before;
        }

        var parameters = new DynamicParameters();
        parameters.Add("cursor", result.Cursor, System.Data.DbType.String);
        parameters.Add("checkedAt", result.CheckedAt.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        parameters.Add("redelivered", result.Redelivered);
        parameters.Add("lastFailureAt", result.LastFailureAt?.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        await _logLease.ReleaseAsync(
            id,
            held.Lease,
            "delivery_log_cursor = COALESCE(@cursor, delivery_log_cursor), checked_at = @checkedAt, redelivered_count = redelivered_count + @redelivered, last_failure_at = GREATEST(last_failure_at, @lastFailureAt)",
            parameters);
        return before with
        {
            Cursor = result.Cursor ?? before.Cursor,
            CheckedAt = result.CheckedAt,
            RedeliveredCount = before.RedeliveredCount + result.Redelivered,
            LastFailureAt = result.LastFailureAt is { } f && (before.LastFailureAt is null || f > before.LastFailureAt) ? f : before.LastFailureAt,
        };
    }

    private const string Columns = "id, instance_url, installation_id, account_login, all_repositories, suspended_at, deleted_at";

    /// <inheritdoc />
    public async Task<GitAppInstallation> SaveAsync(GitInstance instance, long installationId, string? account, bool allRepositories, IReadOnlyCollection<string>? repositories, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(installationId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.QuerySingleAsync<Guid>(new CommandDefinition(
            """
            INSERT INTO github_app_installations AS i (instance_url, installation_id, account_login, all_repositories)
            VALUES (@instanceUrl, @installationId, @account, @allRepositories)
            ON CONFLICT ON CONSTRAINT github_app_installations_key DO UPDATE
                SET account_login = coalesce(EXCLUDED.account_login, i.account_login), all_repositories = EXCLUDED.all_repositories
            RETURNING id
            """,
            new { instanceUrl = instance.InstanceUrl, installationId, account, allRepositories },
            transaction,
            cancellationToken: cancellationToken));
        if (repositories is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM github_app_installation_repositories WHERE installation = @id AND NOT (full_name = ANY(@names))",
                new { id, names = Names(repositories) },
                transaction,
                cancellationToken: cancellationToken));
            await AddAsync(connection, transaction, id, repositories, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<GitAppInstallation?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, "id = @id", new { id }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GitAppInstallation?> FindAsync(GitInstance instance, long installationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, "instance_url IS NOT DISTINCT FROM @instanceUrl AND installation_id = @installationId", new { instanceUrl = instance.InstanceUrl, installationId }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<GitAppInstallation?> ApplyAsync(GitInstance instance, long installationId, GitAppInstallationChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // The row is locked for the transaction so two deliveries about one installation apply one after the other.
        var id = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM github_app_installations WHERE instance_url IS NOT DISTINCT FROM @instanceUrl AND installation_id = @installationId FOR UPDATE",
            new { instanceUrl = instance.InstanceUrl, installationId },
            transaction,
            cancellationToken: cancellationToken));
        if (id is null)
        {
            return null;
        }

        if (change.Deleted || change.ForgetToken)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE github_app_installations SET deleted_at = CASE WHEN @deleted THEN coalesce(deleted_at, now()) ELSE deleted_at END,
                    token_ciphertext = NULL, token_iv = NULL, token_tag = NULL, token_key_id = NULL, token_expires_at = NULL
                WHERE id = @id
                """,
                new { id, deleted = change.Deleted },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (change.StatesSuspension)
        {
            // An older delivery than the last applied (they may arrive out of order) leaves the suspension as it is.
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE github_app_installations SET suspended_at = @suspendedAt, state_updated_at = coalesce(@updatedAt, state_updated_at)
                WHERE id = @id AND (@updatedAt::timestamptz IS NULL OR state_updated_at IS NULL OR state_updated_at <= @updatedAt)
                """,
                new { id, suspendedAt = change.SuspendedAt?.UtcDateTime, updatedAt = change.UpdatedAt?.UtcDateTime },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (change.AllRepositories is { } all)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE github_app_installations SET all_repositories = @all WHERE id = @id",
                new { id, all },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (change.Removed is { Count: > 0 } removed)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM github_app_installation_repositories WHERE installation = @id AND full_name = ANY(@names)",
                new { id, names = Names(removed) },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (change.Added is { Count: > 0 } added)
        {
            await AddAsync(connection, transaction, id.Value, added, cancellationToken);
        }

        var result = await ReadAsync(connection, "id = @id", new { id }, cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <inheritdoc />
    public async Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> GetTokenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<InstallationTokenRow>(new CommandDefinition(
            $"SELECT {InstallationTokenRow.Columns} FROM github_app_installations WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return row?.Token;
    }

    /// <inheritdoc />
    public async Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?> MintTokenAsync(
        Guid id,
        Func<(EncryptedToken Token, DateTimeOffset ExpiresAt)?, CancellationToken, Task<(EncryptedToken Token, DateTimeOffset ExpiresAt)?>> mint,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mint);
        if (await _mintLease.AcquireAsync<InstallationTokenRow>(id, InstallationTokenRow.Columns, cancellationToken) is not { } held)
        {
            return null;
        }

        (EncryptedToken Token, DateTimeOffset ExpiresAt)? fresh;
        try
        {
            fresh = await mint(held.Row.Token, cancellationToken);
        }
        catch
        {
            await _mintLease.ReleaseAsync(id, held.Lease);
            throw;
        }

        if (fresh is not { } stored)
        {
            await _mintLease.ReleaseAsync(id, held.Lease);
            return held.Row.Token;
        }

        var parameters = new DynamicParameters(new
        {
            ciphertext = stored.Token.Ciphertext,
            iv = stored.Token.Iv,
            tag = stored.Token.Tag,
            keyId = stored.Token.KeyId,
            expiresAt = stored.ExpiresAt.UtcDateTime,
        });
        await _mintLease.ReleaseAsync(
            id,
            held.Lease,
            "token_ciphertext = @ciphertext, token_iv = @iv, token_tag = @tag, token_key_id = @keyId, token_expires_at = @expiresAt",
            parameters,
            "deleted_at IS NULL");
        return stored;
    }

    private static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, IReadOnlyCollection<string> repositories, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO github_app_installation_repositories (installation, full_name) SELECT @id, unnest(@names) ON CONFLICT DO NOTHING",
            new { id, names = Names(repositories) },
            transaction,
            cancellationToken: cancellationToken));

    private static string[] Names(IEnumerable<string> repositories) =>
        repositories.Select(r => r.Trim().ToLowerInvariant()).Where(r => r.Length is >= 3 and <= 300).Distinct(StringComparer.Ordinal).ToArray();

    private static async Task<GitAppInstallation?> ReadAsync(NpgsqlConnection connection, string where, object parameters, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<InstallationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM github_app_installations WHERE {where}", parameters, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var names = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT full_name FROM github_app_installation_repositories WHERE installation = @id ORDER BY full_name",
            new { row.id },
            transaction,
            cancellationToken: cancellationToken));
        return new GitAppInstallation(
            row.id,
            GitInstance.FromInstanceUrl(GitProvider.GitHub, row.instance_url),
            row.installation_id,
            row.account_login,
            row.all_repositories,
            names.ToArray(),
            Timestamps.FromUtc(row.suspended_at),
            Timestamps.FromUtc(row.deleted_at));
    }

    private sealed record InstallationRow(Guid id, string? instance_url, long installation_id, string? account_login, bool all_repositories, DateTime? suspended_at, DateTime? deleted_at);

    private sealed record InstallationTokenRow(string? token_ciphertext, string? token_iv, string? token_tag, string? token_key_id, DateTime? token_expires_at)
    {
        public const string Columns = "token_ciphertext, token_iv, token_tag, token_key_id, token_expires_at";

        public (EncryptedToken Token, DateTimeOffset ExpiresAt)? Token =>
            token_ciphertext is null || token_expires_at is null
                ? null
                : (new EncryptedToken(token_ciphertext, token_iv ?? "", token_tag ?? "", token_key_id ?? ""), Timestamps.FromUtc(token_expires_at.Value));
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Dapper maps the columns by name.")]
    private sealed class HookLogRow
    {
        public const string Columns = "delivery_log_cursor, checked_at, redelivered_count, last_failure_at";

        public string? delivery_log_cursor { get; init; }

        public DateTime? checked_at { get; init; }

        public int redelivered_count { get; init; }

        public DateTime? last_failure_at { get; init; }

        public GitAppHookLog ToLog(GitInstance instance) =>
            new(instance, delivery_log_cursor, Timestamps.FromUtc(checked_at), redelivered_count, Timestamps.FromUtc(last_failure_at));
    }
}
