using Bob.Vault;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// Re-encrypts every connection's tokens under the vault's current key (key rotation), in batches.
/// </summary>
/// <remarks>
/// <para>Safe while hosts serve: each batch locks its rows (<c>FOR UPDATE SKIP LOCKED</c>) for one short transaction, so a
/// concurrent token refresh either waits for the batch or is skipped by it and picked up by a later pass.</para>
/// <para>Resumable: it only ever selects rows whose <c>token_key_id</c> is not the current key, so an interrupted run simply
/// continues where it stopped when started again. Rows it cannot decrypt are reported (key id and row, never the key) and left as they are.</para>
/// </remarks>
public sealed partial class TokenRewrapper([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, TokenVault vault, TimeProvider? timeProvider = null, ILogger<TokenRewrapper>? logger = null)
{
    private const int MaxPasses = 5;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Re-encrypts all rows not yet under the current key.</summary>
    /// <param name="batchSize">Rows per transaction.</param>
    /// <param name="cancellationToken">Stops between batches; finished batches stay committed.</param>
    public async Task<TokenRewrapReport> RewrapAllAsync(int batchSize = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var rewrapped = 0;
        var failures = new List<TokenRewrapFailure>();
        long remaining = 0;
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            var after = Guid.Empty;
            while (true)
            {
                var (count, last) = await RewrapBatchAsync(after, batchSize, failures, cancellationToken);
                if (last is null)
                {
                    break;
                }

                rewrapped += count;
                after = last.Value;
                LogBatch(_logger, count, rewrapped, failures.Count);
            }

            remaining = await CountRemainingAsync(failures, cancellationToken);
            if (remaining == 0)
            {
                break;
            }

            // Rows locked by a concurrent writer were skipped; give them a moment and take another pass.
            await Task.Delay(TimeSpan.FromMilliseconds(200 * pass), timeProvider ?? TimeProvider.System, cancellationToken);
        }

        return new TokenRewrapReport(vault.CurrentKeyId, rewrapped, failures, remaining);
    }

    private async Task<(int Count, Guid? Last)> RewrapBatchAsync(Guid after, int batchSize, List<TokenRewrapFailure> failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Internal.TokenRow>(new CommandDefinition(
            $"""
            SELECT {Internal.TokenRow.Columns} FROM git_provider_connections
            WHERE id > @after AND token_key_id IS DISTINCT FROM @current AND access_token_ciphertext IS NOT NULL AND id <> ALL(@failed)
            ORDER BY id
            LIMIT @batchSize
            FOR UPDATE SKIP LOCKED
            """,
            new { after, current = vault.CurrentKeyId, failed = failures.Select(f => f.ConnectionId).ToArray(), batchSize },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return (0, null);
        }

        var count = 0;
        foreach (var row in rows)
        {
            try
            {
                var access = vault.Rewrap(row.Access, TokenLocation.AccessToken(row.id));
                var refresh = row.Refresh is { } r ? vault.Rewrap(r, TokenLocation.RefreshToken(row.id)) : null;
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE git_provider_connections SET
                        access_token_ciphertext = @accessCiphertext, access_token_iv = @accessIv, access_token_tag = @accessTag,
                        refresh_token_ciphertext = @refreshCiphertext, refresh_token_iv = @refreshIv, refresh_token_tag = @refreshTag,
                        token_key_id = @keyId
                    WHERE id = @id
                    """,
                    new
                    {
                        row.id,
                        accessCiphertext = access.Ciphertext,
                        accessIv = access.Iv,
                        accessTag = access.Tag,
                        refreshCiphertext = refresh?.Ciphertext,
                        refreshIv = refresh?.Iv,
                        refreshTag = refresh?.Tag,
                        keyId = access.KeyId,
                    },
                    transaction,
                    cancellationToken: cancellationToken));
                count++;
            }
            catch (TokenDecryptionException ex)
            {
                failures.Add(new TokenRewrapFailure(row.id, row.token_key_id, ex.Failure, ex.Message));
                LogFailure(_logger, row.id, row.token_key_id, ex.Failure);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (count, rows[^1].id);
    }

    private async Task<long> CountRemainingAsync(List<TokenRewrapFailure> failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT count(*) FROM git_provider_connections
            WHERE token_key_id IS DISTINCT FROM @current AND access_token_ciphertext IS NOT NULL AND id <> ALL(@failed)
            """,
            new { current = vault.CurrentKeyId, failed = failures.Select(f => f.ConnectionId).ToArray() },
            cancellationToken: cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrapped {Count} connection(s) in this batch, {Total} so far, {Failed} failed")]
    private static partial void LogBatch(ILogger logger, int count, int total, int failed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection {ConnectionId} cannot be rewrapped: written under key id {KeyId} ({Failure})")]
    private static partial void LogFailure(ILogger logger, Guid connectionId, string? keyId, TokenDecryptionFailure failure);
}
