using System.Data;
using Bob.Git.Abstractions;
using Bob.Vault;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// The <see cref="IGitConnectionStore"/> over <c>git_provider_connections</c>. Tokens are encrypted by <see cref="TokenVault"/>,
/// bound to the row and column they are stored in; only <see cref="GetTokensAsync"/> reads token columns.
/// </summary>
public sealed class PostgresGitConnectionStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, TokenVault vault) : IGitConnectionStore
{
    private const string Columns =
        "id, user_id, provider, instance_url, provider_account_id, scopes, access_token_expires_at, revoked_at, created_at, " +
        "reauthorization_required_at, reauthorization_reason";

    /// <inheritdoc />
    public async Task<GitConnection> SaveAsync(Guid userId, GitInstance instance, string providerAccountId, TokenSet tokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentException.ThrowIfNullOrWhiteSpace(providerAccountId);
        ArgumentNullException.ThrowIfNull(tokens);
        var key = new { userId, provider = instance.Provider.ToWireName(), instanceUrl = instance.InstanceUrl, providerAccountId };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        // The row id is the HKDF salt and part of the associated data, so it must be known before encrypting.
        var existing = await FindForUpdateAsync(connection, transaction, key, cancellationToken);
        ConnectionRow? row = null;
        if (existing is null)
        {
            var id = Guid.NewGuid();
            var encrypted = Encrypt(id, tokens);
            row = await connection.QuerySingleOrDefaultAsync<ConnectionRow>(new CommandDefinition(
                $"""
                INSERT INTO git_provider_connections (id, user_id, provider, instance_url, provider_account_id, scopes,
                    access_token_ciphertext, access_token_iv, access_token_tag, refresh_token_ciphertext, refresh_token_iv, refresh_token_tag,
                    access_token_expires_at, refresh_token_expires_at, token_key_id)
                VALUES (@id, @userId, @provider, @instanceUrl, @providerAccountId, @scopes,
                    @accessCiphertext, @accessIv, @accessTag, @refreshCiphertext, @refreshIv, @refreshTag,
                    @accessExpiresAt, @refreshExpiresAt, @keyId)
                ON CONFLICT ON CONSTRAINT git_provider_connections_account_key DO NOTHING
                RETURNING {Columns}
                """,
                Parameters(id, tokens, encrypted, key),
                transaction,
                cancellationToken: cancellationToken));

            // Lost a race with a concurrent save of the same account: update the row that won.
            existing = row is null ? await FindForUpdateAsync(connection, transaction, key, cancellationToken) : null;
        }

        if (existing is { } existingId)
        {
            var encrypted = Encrypt(existingId, tokens);
            row = await connection.QuerySingleAsync<ConnectionRow>(new CommandDefinition(
                $"""
                UPDATE git_provider_connections SET scopes = @scopes,
                    access_token_ciphertext = @accessCiphertext, access_token_iv = @accessIv, access_token_tag = @accessTag,
                    refresh_token_ciphertext = @refreshCiphertext, refresh_token_iv = @refreshIv, refresh_token_tag = @refreshTag,
                    access_token_expires_at = @accessExpiresAt, refresh_token_expires_at = @refreshExpiresAt,
                    token_key_id = @keyId, revoked_at = NULL, reauthorization_required_at = NULL, reauthorization_reason = NULL
                WHERE id = @id
                RETURNING {Columns}
                """,
                Parameters(existingId, tokens, encrypted, key),
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return row!.ToConnection();
    }

    /// <inheritdoc />
    /// <exception cref="TokenDecryptionException">The stored tokens cannot be decrypted (retired key, tampering, moved ciphertext).</exception>
    public async Task<TokenSet?> GetTokensAsync(Guid userId, Guid connectionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Internal.TokenRow>(new CommandDefinition(
            $"SELECT {Internal.TokenRow.Columns} FROM git_provider_connections WHERE id = @connectionId AND user_id = @userId AND revoked_at IS NULL",
            new { userId, connectionId },
            cancellationToken: cancellationToken));
        return row?.Decrypt(vault);
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
    /// <remarks>The lock is the row's own (<c>SELECT … FOR UPDATE</c>), held in a transaction for the length of <paramref name="refresh"/>.</remarks>
    /// <exception cref="TokenDecryptionException">The stored tokens cannot be decrypted.</exception>
    public async Task<TokenSet?> RefreshTokensAsync(Guid userId, Guid connectionId, Func<TokenSet, CancellationToken, Task<TokenSet?>> refresh, CancellationToken cancellationToken = default)
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

            return await RefreshUnderLeaseAsync(connectionId, lease, row.Decrypt(vault), refresh, cancellationToken);
        }
    }

    /// <summary>
    /// How long a refresher holds a connection's lease: longer than a provider call can take with its retries (the HTTP
    /// pipeline's total timeout is 2 minutes by default), so the lease never lapses under a live refresher.
    /// </summary>
    public static readonly TimeSpan RefreshLease = TimeSpan.FromMinutes(2.5);

    private async Task<TokenSet> RefreshUnderLeaseAsync(Guid connectionId, Guid lease, TokenSet current, Func<TokenSet, CancellationToken, Task<TokenSet?>> refresh, CancellationToken cancellationToken)
    {
        TokenSet? fresh;
        try
        {
            fresh = await refresh(current, cancellationToken);
        }
        catch (ProviderUnauthorizedException refused)
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

        var encrypted = Encrypt(connectionId, fresh);
        var parameters = Parameters(connectionId, fresh, encrypted, new { lease });
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

    private static Task<Guid?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, object key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            SELECT id FROM git_provider_connections
            WHERE user_id = @userId AND provider = @provider AND instance_url IS NOT DISTINCT FROM @instanceUrl AND provider_account_id = @providerAccountId
            FOR UPDATE
            """,
            key,
            transaction,
            cancellationToken: cancellationToken));

    private (EncryptedToken Access, EncryptedToken? Refresh) Encrypt(Guid id, TokenSet tokens) =>
        (vault.Encrypt(tokens.AccessToken, TokenLocation.AccessToken(id)),
         tokens.RefreshToken is null ? null : vault.Encrypt(tokens.RefreshToken, TokenLocation.RefreshToken(id)));

    private static DynamicParameters Parameters(Guid id, TokenSet tokens, (EncryptedToken Access, EncryptedToken? Refresh) encrypted, object key)
    {
        var parameters = new DynamicParameters(key);
        parameters.AddDynamicParams(new
        {
            id,
            scopes = tokens.Scopes,
            accessCiphertext = encrypted.Access.Ciphertext,
            accessIv = encrypted.Access.Iv,
            accessTag = encrypted.Access.Tag,
            refreshCiphertext = encrypted.Refresh?.Ciphertext,
            refreshIv = encrypted.Refresh?.Iv,
            refreshTag = encrypted.Refresh?.Tag,
            accessExpiresAt = tokens.AccessTokenExpiresAt,
            refreshExpiresAt = tokens.RefreshTokenExpiresAt,
            keyId = encrypted.Access.KeyId,
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
        string? reauthorization_reason)
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
            reauthorization_reason);
    }
}
