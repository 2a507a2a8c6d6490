using Bob.Git.Abstractions;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// The <see cref="IGitConnectionStore"/> over <c>git_provider_connections</c>. It stores and returns tokens as ciphertext
/// only (encrypted by <c>Bob.Git</c>'s <c>GitConnectionTokens</c>, bound to the row and column they are stored in); only
/// <see cref="GetTokensAsync"/> and <see cref="RefreshTokensAsync"/> read token columns.
/// </summary>
public sealed class PostgresGitConnectionStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource) : IGitConnectionStore
{
    private const string Columns =
        "id, user_id, provider, instance_url, provider_account_id, scopes, access_token_expires_at, revoked_at, created_at, " +
        "reauthorization_required_at, reauthorization_reason, app_installation_id";

    /// <inheritdoc />
    public async Task<Guid> GetOrNewIdAsync(Guid userId, GitInstance instance, string providerAccountId, Guid? appInstallationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            SELECT id FROM git_provider_connections
            WHERE user_id = @userId AND provider = @provider AND instance_url IS NOT DISTINCT FROM @instanceUrl AND provider_account_id = @providerAccountId
              AND app_installation_id IS NOT DISTINCT FROM @appInstallationId
            """,
            Key(userId, instance, providerAccountId, appInstallationId),
            cancellationToken: cancellationToken)) ?? Guid.NewGuid();
    }

    /// <inheritdoc />
    public async Task<GitConnection?> SaveAsync(Guid connectionId, Guid userId, GitInstance instance, string providerAccountId, ProtectedTokenSet tokens, Guid? appInstallationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        ArgumentNullException.ThrowIfNull(tokens);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // One statement: insert the row, or replace the tokens of the account's row when it has this id. A row of the same
        // account under another id (a concurrent first save won) leaves nothing changed and no row returned.
        var row = await connection.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
            $"""
            INSERT INTO git_provider_connections AS c (id, user_id, provider, instance_url, provider_account_id, scopes,
                access_token_ciphertext, access_token_iv, access_token_tag, refresh_token_ciphertext, refresh_token_iv, refresh_token_tag,
                access_token_expires_at, refresh_token_expires_at, token_key_id, app_installation_id)
            VALUES (@id, @userId, @provider, @instanceUrl, @providerAccountId, @scopes,
                @accessCiphertext, @accessIv, @accessTag, @refreshCiphertext, @refreshIv, @refreshTag,
                @accessExpiresAt, @refreshExpiresAt, @keyId, @appInstallationId)
            ON CONFLICT ON CONSTRAINT git_provider_connections_account_key DO UPDATE SET scopes = EXCLUDED.scopes,
                access_token_ciphertext = EXCLUDED.access_token_ciphertext, access_token_iv = EXCLUDED.access_token_iv, access_token_tag = EXCLUDED.access_token_tag,
                refresh_token_ciphertext = EXCLUDED.refresh_token_ciphertext, refresh_token_iv = EXCLUDED.refresh_token_iv, refresh_token_tag = EXCLUDED.refresh_token_tag,
                access_token_expires_at = EXCLUDED.access_token_expires_at, refresh_token_expires_at = EXCLUDED.refresh_token_expires_at,
                token_key_id = EXCLUDED.token_key_id, revoked_at = NULL, reauthorization_required_at = NULL, reauthorization_reason = NULL
            WHERE c.id = EXCLUDED.id
            RETURNING {Columns}
            """,
            Parameters(connectionId, tokens, Key(userId, instance, providerAccountId, appInstallationId)),
            cancellationToken: cancellationToken));
        return row?.ToConnection();
    }

    /// <inheritdoc />
    public async Task<ProtectedTokenSet?> GetTokensAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Internal.TokenRow>(new CommandDefinition(
            $"SELECT {Internal.TokenRow.Columns} FROM git_provider_connections WHERE id = @connectionId AND user_id = @userId AND revoked_at IS NULL",
            new { userId, connectionId },
            cancellationToken: cancellationToken));
        return row?.ToProtected();
    }

    /// <inheritdoc />
    public async Task<GitConnection?> GetAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM git_provider_connections WHERE id = @connectionId AND user_id = @userId",
            new { userId, connectionId },
            cancellationToken: cancellationToken));
        return row?.ToConnection();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GitConnection>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ConnectionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM git_provider_connections WHERE user_id = @userId ORDER BY created_at DESC, id",
            new { userId },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToConnection()).ToArray();
    }

    /// <inheritdoc />
    public async Task<bool> RevokeAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE git_provider_connections SET revoked_at = coalesce(revoked_at, now()),
                access_token_ciphertext = NULL, access_token_iv = NULL, access_token_tag = NULL,
                refresh_token_ciphertext = NULL, refresh_token_iv = NULL, refresh_token_tag = NULL, token_key_id = NULL
            WHERE id = @connectionId AND user_id = @userId
            """,
            new { userId, connectionId },
            cancellationToken: cancellationToken));
        return changed == 1;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The lease is two columns of the row (<c>refresh_lease_id</c>, <c>refresh_lease_until</c>), taken and given back in
    /// short statements: no transaction and no pooled connection is held while <paramref name="refresh"/> runs.
    /// </remarks>
    public async Task<ProtectedTokenSet?> RefreshTokensAsync(Guid userId, Guid connectionId, Func<ProtectedTokenSet, CancellationToken, Task<ProtectedTokenSet?>> refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var lease = Guid.NewGuid();
        var wait = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            // One short statement takes the lease when nobody holds it (or a holder's ran out); no lock outlives it.
            Internal.TokenRow? row;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                row = await connection.QuerySingleOrDefaultAsync<Internal.TokenRow>(new CommandDefinition(
                    $"""
                    UPDATE git_provider_connections SET refresh_lease_id = @lease, refresh_lease_until = now() + @leaseLength
                    WHERE id = @connectionId AND user_id = @userId AND revoked_at IS NULL AND reauthorization_required_at IS NULL
                      AND (refresh_lease_until IS NULL OR refresh_lease_until < now())
                    RETURNING {Internal.TokenRow.Columns}
                    """,
                    new { userId, connectionId, lease, leaseLength = RefreshLease },
                    cancellationToken: cancellationToken));
                if (row is null)
                {
                    var state = await connection.QuerySingleOrDefaultAsync<(string? Provider, DateTime? RevokedAt, DateTime? RequiredAt, string? Reason)>(new CommandDefinition(
                        "SELECT provider, revoked_at, reauthorization_required_at, reauthorization_reason FROM git_provider_connections WHERE id = @connectionId AND user_id = @userId",
                        new { userId, connectionId },
                        cancellationToken: cancellationToken));
                    if (state.Provider is null || state.RevokedAt is not null)
                    {
                        return null;
                    }

                    if (state.RequiredAt is not null)
                    {
                        // Refused while this caller waited: do not spend the refresh token again.
                        throw new GitConnectionReauthorizationRequiredException(connectionId, state.Reason ?? "a refresh was refused", GitProviderNames.Parse(state.Provider));
                    }
                }
            }

            if (row is null)
            {
                // Another caller, in this process or another, holds the lease: wait for it without holding a connection.
                await Task.Delay(wait, cancellationToken);
                wait = TimeSpan.FromMilliseconds(Math.Min(500, wait.TotalMilliseconds * 2));
                continue;
            }

            return await RefreshUnderLeaseAsync(connectionId, lease, row.ToProtected(), refresh, cancellationToken);
        }
    }

    /// <summary>
    /// How long a refresher holds a connection's lease: longer than a provider call can take with its retries (the HTTP
    /// pipeline's total timeout is 2 minutes by default), so the lease never lapses under a live refresher.
    /// </summary>
    public static readonly TimeSpan RefreshLease = TimeSpan.FromMinutes(2.5);

    private async Task<ProtectedTokenSet> RefreshUnderLeaseAsync(Guid connectionId, Guid lease, ProtectedTokenSet current, Func<ProtectedTokenSet, CancellationToken, Task<ProtectedTokenSet?>> refresh, CancellationToken cancellationToken)
    {
        ProtectedTokenSet? fresh;
        try
        {
            fresh = await refresh(current, cancellationToken);
        }
        catch (GitProviderException refused) when (refused.Kind == BobErrorKind.Unauthorized)
        {
            // Marked as the lease is given back, so callers waiting for it see the refusal instead of trying the spent grant again.
            await ReleaseAsync(
                "reauthorization_required_at = now(), reauthorization_reason = @reason",
                new { connectionId, lease, reason = Truncate(refused.Message) });
            throw;
        }
        catch
        {
            await ReleaseAsync(null, new { connectionId, lease });
            throw;
        }

        if (fresh is null)
        {
            await ReleaseAsync(null, new { connectionId, lease });
            return current;
        }

        var parameters = Parameters(connectionId, fresh, new { lease });
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE git_provider_connections SET scopes = coalesce(@scopes, scopes),
                access_token_ciphertext = @accessCiphertext, access_token_iv = @accessIv, access_token_tag = @accessTag,
                refresh_token_ciphertext = @refreshCiphertext, refresh_token_iv = @refreshIv, refresh_token_tag = @refreshTag,
                access_token_expires_at = @accessExpiresAt, refresh_token_expires_at = @refreshExpiresAt, token_key_id = @keyId,
                reauthorization_required_at = NULL, reauthorization_reason = NULL,
                refresh_lease_id = NULL, refresh_lease_until = NULL
            WHERE id = @id AND refresh_lease_id = @lease
            """,
            parameters,
            cancellationToken: CancellationToken.None));
        return fresh;
    }

    /// <summary>Gives the lease back (only if this caller still holds it), setting <paramref name="set"/> as well.</summary>
    private async Task ReleaseAsync(string? set, object parameters)
    {
        await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE git_provider_connections SET {(set is null ? "" : set + ", ")}refresh_lease_id = NULL, refresh_lease_until = NULL
            WHERE id = @connectionId AND refresh_lease_id = @lease
            """,
            parameters,
            cancellationToken: CancellationToken.None));
    }

    /// <inheritdoc />
    public async Task MarkReauthorizationRequiredAsync(Guid userId, Guid connectionId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE git_provider_connections SET reauthorization_required_at = coalesce(reauthorization_required_at, now()), reauthorization_reason = @reason
            WHERE id = @connectionId AND user_id = @userId
            """,
            new { userId, connectionId, reason = Truncate(reason) },
            cancellationToken: cancellationToken));
    }

    private static string Truncate(string reason) => reason.Length <= 500 ? reason : reason[..500];

    private static object Key(Guid userId, GitInstance instance, string providerAccountId, Guid? appInstallationId) =>
        new { userId, provider = instance.Provider.ToWireName(), instanceUrl = instance.InstanceUrl, providerAccountId, appInstallationId };

    private static DynamicParameters Parameters(Guid id, ProtectedTokenSet tokens, object key)
    {
        var parameters = new DynamicParameters(key);
        parameters.AddDynamicParams(new
        {
            id,
            scopes = tokens.Scopes,
            accessCiphertext = tokens.AccessToken.Ciphertext,
            accessIv = tokens.AccessToken.Iv,
            accessTag = tokens.AccessToken.Tag,
            refreshCiphertext = tokens.RefreshToken?.Ciphertext,
            refreshIv = tokens.RefreshToken?.Iv,
            refreshTag = tokens.RefreshToken?.Tag,
            accessExpiresAt = tokens.AccessTokenExpiresAt?.ToUniversalTime(),
            refreshExpiresAt = tokens.RefreshTokenExpiresAt?.ToUniversalTime(),
            keyId = tokens.AccessToken.KeyId,
        });
        return parameters;
    }

    private sealed record ConnectionRow(
        Guid id,
        Guid user_id,
        string provider,
        string? instance_url,
        string provider_account_id,
        string? scopes,
        DateTime? access_token_expires_at,
        DateTime? revoked_at,
        DateTime created_at,
        DateTime? reauthorization_required_at,
        string? reauthorization_reason,
        Guid? app_installation_id)
    {
        public GitConnection ToConnection() => new(
            id,
            user_id,
            GitInstance.FromInstanceUrl(GitProviderNames.Parse(provider), instance_url),
            provider_account_id,
            scopes,
            Internal.Timestamps.FromUtc(access_token_expires_at),
            Internal.Timestamps.FromUtc(revoked_at),
            Internal.Timestamps.FromUtc(created_at),
            Internal.Timestamps.FromUtc(reauthorization_required_at),
            reauthorization_reason,
            app_installation_id);
    }
}
