using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;
using Bob.Vault;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// <see cref="IOAuthStateStore"/> over <c>oauth_pending_authorizations</c>: the state is stored as its SHA-256 and the
/// PKCE verifier encrypted by <see cref="TokenVault"/>; taking a state deletes its row in the same statement, so a
/// callback can be used once. Expired rows are deleted as new ones arrive.
/// </summary>
public sealed class PostgresOAuthStateStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, TokenVault vault) : IOAuthStateStore
{
    private const string Table = "oauth_pending_authorizations";

    /// <inheritdoc />
    public async Task SaveAsync(PendingAuthorization authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        var id = Guid.NewGuid();
        var verifier = vault.Encrypt(authorization.CodeVerifier, new TokenLocation(Table, "code_verifier", id));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM oauth_pending_authorizations WHERE expires_at < now() - interval '1 hour';
            DELETE FROM oauth_pending_authorizations WHERE user_id = @userId AND id NOT IN (
                SELECT id FROM oauth_pending_authorizations WHERE user_id = @userId ORDER BY expires_at DESC, id LIMIT @keep);
            INSERT INTO oauth_pending_authorizations (id, state_hash, user_id, provider, instance_url, redirect_uri,
                code_verifier_ciphertext, code_verifier_iv, code_verifier_tag, key_id, expires_at)
            VALUES (@id, @stateHash, @userId, @provider, @instanceUrl, @redirectUri, @ciphertext, @iv, @tag, @keyId, @expiresAt)
            """,
            new
            {
                id,
                stateHash = Hash(authorization.State),
                userId = authorization.UserId,
                provider = authorization.Instance.Provider.ToWireName(),
                instanceUrl = authorization.Instance.InstanceUrl,
                redirectUri = authorization.RedirectUri.AbsoluteUri,
                ciphertext = verifier.Ciphertext,
                iv = verifier.Iv,
                tag = verifier.Tag,
                keyId = verifier.KeyId,
                expiresAt = authorization.ExpiresAt.UtcDateTime,
                keep = IOAuthStateStore.MaxPendingPerUser - 1,
            },
            cancellationToken: cancellationToken));
    }

    /// <inheritdoc />
    public Task<PendingAuthorization?> TakeAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync(take: true, state, userId, provider, now, cancellationToken);

    /// <inheritdoc />
    public Task<PendingAuthorization?> FindAsync(string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ReadAsync(take: false, state, userId, provider, now, cancellationToken);

    /// <summary>The authorization of the state, taken (deleted as it is read) or left pending.</summary>
    private async Task<PendingAuthorization?> ReadAsync(bool take, string state, Guid userId, GitProvider provider, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 200)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        const string columns = "id, user_id, provider, instance_url, redirect_uri, code_verifier_ciphertext, code_verifier_iv, code_verifier_tag, key_id, expires_at";
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            take
                ? $"DELETE FROM oauth_pending_authorizations WHERE state_hash = @stateHash AND user_id = @userId AND provider = @provider RETURNING {columns}"
                : $"SELECT {columns} FROM oauth_pending_authorizations WHERE state_hash = @stateHash AND user_id = @userId AND provider = @provider",
            new { stateHash = Hash(state), userId, provider = provider.ToWireName() },
            cancellationToken: cancellationToken));
        if (row is null || Internal.Timestamps.FromUtc(row.expires_at) <= now)
        {
            return null;
        }

        var verifier = vault.Decrypt(new EncryptedToken(row.code_verifier_ciphertext, row.code_verifier_iv, row.code_verifier_tag, row.key_id), new TokenLocation(Table, "code_verifier", row.id));
        return new PendingAuthorization(
            state,
            row.user_id,
            GitInstance.FromInstanceUrl(GitProviderNames.Parse(row.provider), row.instance_url),
            verifier,
            new Uri(row.redirect_uri),
            Internal.Timestamps.FromUtc(row.expires_at));
    }

    private static byte[] Hash(string state) => SHA256.HashData(Encoding.UTF8.GetBytes(state));

    private sealed record Row(
        Guid id,
        Guid user_id,
        string provider,
        string? instance_url,
        string redirect_uri,
        string code_verifier_ciphertext,
        string code_verifier_iv,
        string code_verifier_tag,
        string key_id,
        DateTime expires_at);
}
