using Bob.Git.Abstractions;
using Bob.Postgres.Internal;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bob.Postgres;

/// <summary>
/// The <see cref="IRepositoryWebhookStore"/> over <c>repository_webhooks</c> (migration 0028): one row per remote, changed
/// under the row's lease (<c>lease_id</c>, <c>lease_until</c>) so two hosts registering the same remote make one hook. A
/// hook's last delivery time is read from the deliveries verified with its secret (<c>webhook_deliveries.hook_id</c>).
/// </summary>
public sealed class PostgresRepositoryWebhookStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IRepositoryWebhookStore
{
    /// <summary>How long a change holds a remote's lease: longer than the provider calls of one change with their retries.</summary>
    public static readonly TimeSpan ChangeLease = TimeSpan.FromMinutes(2.5);

    private const string Columns =
        "id, remote_provider, remote_instance_url, remote_owner, remote_name, provider_hook_id, url, events, active, git_provider_connection_id, " +
        "secret_ciphertext, secret_iv, secret_tag, secret_key_id, previous_secret_ciphertext, previous_secret_iv, previous_secret_tag, " +
        "previous_secret_key_id, previous_secret_until, last_failure_at, checked_at, repaired_at, redelivered_count, delivery_log_cursor, last_error";

    private const string LastDelivery =
        "(SELECT max(d.received_at) FROM webhook_deliveries d WHERE d.hook_id = w.id) AS last_delivery_at";

    private readonly RowLease _lease = new(dataSource, "repository_webhooks", "lease_id", "lease_until", ChangeLease);

    /// <inheritdoc />
    public async Task<RepositoryWebhook?> FindAsync(RemoteRepositoryIdentity remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<HookRow>(new CommandDefinition(
            $"""
            SELECT {Columns}, {LastDelivery} FROM repository_webhooks w
            WHERE remote_provider = @provider AND remote_instance_url IS NOT DISTINCT FROM @instanceUrl
              AND lower(remote_owner) = lower(@owner) AND lower(remote_name) = lower(@repoName)
            """,
            Key(remote),
            cancellationToken: cancellationToken));
        return row?.ToHook();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RepositoryWebhook>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HookRow>(new CommandDefinition(
            $"SELECT {Columns}, {LastDelivery} FROM repository_webhooks w ORDER BY created_at, id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToHook())];
    }

    /// <inheritdoc />
    public async Task<RepositoryWebhook?> ChangeAsync(
        RemoteRepositoryIdentity remote,
        Func<RepositoryWebhook, CancellationToken, Task<RepositoryWebhookChange?>> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(change);
        Guid id;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                """
                INSERT INTO repository_webhooks (remote_provider, remote_instance_url, remote_owner, remote_name)
                VALUES (@provider, @instanceUrl, @owner, @repoName)
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                Key(remote),
                cancellationToken: cancellationToken)) ?? (await FindAsync(remote, cancellationToken))?.Id
                ?? throw new InvalidOperationException($"The hook row of {remote.WebUrl} vanished while it was made.");
        }

        while (true)
        {
            if (await _lease.AcquireAsync<HookRow>(id, Columns + ", " + LastDelivery.Replace("w.id", "repository_webhooks.id", StringComparison.Ordinal), cancellationToken) is not { } held)
            {
                // Removed meanwhile by another caller: start again from a fresh row.
                return await ChangeAsync(remote, change, cancellationToken);
            }

            RepositoryWebhookChange? result;
            try
            {
                result = await change(held.Row.ToHook(), cancellationToken);
            }
            catch
            {
                await _lease.ReleaseAsync(id, held.Lease);
                throw;
            }

            if (result is null)
            {
                await _lease.ReleaseAsync(id, held.Lease);
                return held.Row.ToHook();
            }

            if (result.Remove)
            {
                await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
                await connection.ExecuteAsync(new CommandDefinition(
                    "DELETE FROM repository_webhooks WHERE id = @id AND lease_id = @lease", new { id, lease = held.Lease }, cancellationToken: CancellationToken.None));
                return null;
            }

            if (await _lease.ReleaseAsync(id, held.Lease, Assignments, Parameters(result)))
            {
                return await FindAsync(remote, CancellationToken.None);
            }

            // The lease ran out under a change slower than it: do it again on what the next holder stored.
        }
    }

    private const string Assignments = """
        provider_hook_id = COALESCE(@hookId, provider_hook_id), url = COALESCE(@url, url), events = COALESCE(@events, events),
        active = COALESCE(@active, active), git_provider_connection_id = COALESCE(@connectionId, git_provider_connection_id),
        previous_secret_ciphertext = CASE WHEN @secretCiphertext IS NULL THEN previous_secret_ciphertext WHEN @previousUntil IS NULL THEN NULL ELSE secret_ciphertext END,
        previous_secret_iv = CASE WHEN @secretCiphertext IS NULL THEN previous_secret_iv WHEN @previousUntil IS NULL THEN NULL ELSE secret_iv END,
        previous_secret_tag = CASE WHEN @secretCiphertext IS NULL THEN previous_secret_tag WHEN @previousUntil IS NULL THEN NULL ELSE secret_tag END,
        previous_secret_key_id = CASE WHEN @secretCiphertext IS NULL THEN previous_secret_key_id WHEN @previousUntil IS NULL THEN NULL ELSE secret_key_id END,
        previous_secret_until = CASE WHEN @secretCiphertext IS NULL THEN previous_secret_until ELSE @previousUntil END,
        secret_ciphertext = COALESCE(@secretCiphertext, secret_ciphertext), secret_iv = COALESCE(@secretIv, secret_iv),
        secret_tag = COALESCE(@secretTag, secret_tag), secret_key_id = COALESCE(@secretKeyId, secret_key_id),
        last_failure_at = GREATEST(last_failure_at, @lastFailureAt), checked_at = COALESCE(@checkedAt, checked_at), repaired_at = COALESCE(@repairedAt, repaired_at),
        redelivered_count = redelivered_count + @redelivered, delivery_log_cursor = COALESCE(@cursor, delivery_log_cursor),
        last_error = CASE WHEN @lastError IS NULL THEN last_error WHEN @lastError = '' THEN NULL ELSE @lastError END
        """;

    private static DynamicParameters Parameters(RepositoryWebhookChange change)
    {
        var parameters = new DynamicParameters();
        parameters.Add("hookId", change.ProviderHookId, System.Data.DbType.String);
        parameters.Add("url", change.Url, System.Data.DbType.String);
        parameters.Add("events", change.Events?.ToArray());
        parameters.Add("active", change.Active);
        parameters.Add("connectionId", change.ConnectionId);
        parameters.Add("secretCiphertext", change.Secret?.Ciphertext, System.Data.DbType.String);
        parameters.Add("secretIv", change.Secret?.Iv, System.Data.DbType.String);
        parameters.Add("secretTag", change.Secret?.Tag, System.Data.DbType.String);
        parameters.Add("secretKeyId", change.Secret?.KeyId, System.Data.DbType.String);
        parameters.Add("previousUntil", change.PreviousSecretUntil?.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        parameters.Add("lastFailureAt", change.LastFailureAt?.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        parameters.Add("checkedAt", change.CheckedAt?.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        parameters.Add("repairedAt", change.RepairedAt?.ToUniversalTime(), System.Data.DbType.DateTimeOffset);
        parameters.Add("redelivered", change.Redelivered);
        parameters.Add("cursor", change.DeliveryLogCursor, System.Data.DbType.String);
        parameters.Add("lastError", change.LastError, System.Data.DbType.String);
        return parameters;
    }

    private static object Key(RemoteRepositoryIdentity remote) =>
        new { provider = remote.Provider.ToWireName(), instanceUrl = remote.InstanceUrl, owner = remote.Owner, repoName = remote.Name };

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Dapper maps the columns by name.")]
    private sealed class HookRow
    {
        public Guid id { get; init; }

        public string remote_provider { get; init; } = "";

        public string? remote_instance_url { get; init; }

        public string remote_owner { get; init; } = "";

        public string remote_name { get; init; } = "";

        public string? provider_hook_id { get; init; }

        public string? url { get; init; }

        public string[] events { get; init; } = [];

        public bool active { get; init; }

        public Guid? git_provider_connection_id { get; init; }

        public string? secret_ciphertext { get; init; }

        public string? secret_iv { get; init; }

        public string? secret_tag { get; init; }

        public string? secret_key_id { get; init; }

        public string? previous_secret_ciphertext { get; init; }

        public string? previous_secret_iv { get; init; }

        public string? previous_secret_tag { get; init; }

        public string? previous_secret_key_id { get; init; }

        public DateTime? previous_secret_until { get; init; }

        public DateTime? last_failure_at { get; init; }

        public DateTime? checked_at { get; init; }

        public DateTime? repaired_at { get; init; }

        public int redelivered_count { get; init; }

        public string? delivery_log_cursor { get; init; }

        public string? last_error { get; init; }

        public DateTime? last_delivery_at { get; init; }

        public RepositoryWebhook ToHook() => new(
            id,
            new RemoteRepositoryIdentity(GitInstance.FromInstanceUrl(GitProviderNames.Parse(remote_provider), remote_instance_url), remote_owner, remote_name),
            provider_hook_id,
            url,
            events,
            active,
            git_provider_connection_id,
            secret_ciphertext is null ? null : new EncryptedToken(secret_ciphertext, secret_iv!, secret_tag!, secret_key_id ?? ""),
            previous_secret_ciphertext is null ? null : new EncryptedToken(previous_secret_ciphertext, previous_secret_iv!, previous_secret_tag!, previous_secret_key_id ?? ""),
            Timestamps.FromUtc(previous_secret_until),
            Timestamps.FromUtc(last_delivery_at),
            Timestamps.FromUtc(last_failure_at),
            Timestamps.FromUtc(checked_at),
            Timestamps.FromUtc(repaired_at),
            redelivered_count,
            delivery_log_cursor,
            last_error);
    }
}
