using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>
/// Issues and checks API keys. A key is <c>bob_</c> + a 16-hex-digit public prefix + <c>_</c> + 32 random bytes in base64url.
/// Only the prefix and the SHA-256 hash of the whole key are stored; the key itself is shown once, when issued.
/// </summary>
/// <remarks>
/// A fast hash is right here: the keys carry 256 bits of randomness, so there is nothing to brute-force, and the
/// comparison of hashes is constant-time.
/// </remarks>
public sealed class ApiKeyStore([FromKeyedServices(BobPostgresOptions.DataSourceKey)] NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    private const string KeyPrefix = "bob_";
    private const int PublicPartLength = 16;

    /// <summary>Issues a new key for the user and returns it; it cannot be read again.</summary>
    public async Task<string> CreateAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var publicPart = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PublicPartLength / 2));
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var key = $"{KeyPrefix}{publicPart}_{secret}";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (user_id, key_prefix, key_hash) VALUES (@userId, @publicPart, @hash)",
            new { userId, publicPart, hash = Hash(key) },
            cancellationToken: cancellationToken));
        return key;
    }

    /// <summary>Returns the user the key belongs to, or <see langword="null"/> when the key is malformed, unknown or revoked.</summary>
    public async Task<User?> AuthenticateAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (!TryGetPublicPart(key, out var publicPart))
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            """
            SELECT k.id, k.key_hash, k.last_used_at, u.id AS user_id, u.name, u.is_admin, u.created_at
            FROM api_keys k JOIN users u ON u.id = k.user_id
            WHERE k.key_prefix = @publicPart AND k.revoked_at IS NULL
            """,
            new { publicPart },
            cancellationToken: cancellationToken));
        if (row is null || !CryptographicOperations.FixedTimeEquals(row.key_hash, Hash(key!)))
        {
            return null;
        }

        // At most once a minute per key, decided here, so most authenticated requests cost one read and no write.
        var now = timeProvider.GetUtcNow();
        if (row.last_used_at is not { } lastUsed || Internal.Timestamps.FromUtc(lastUsed) < now - TimeSpan.FromMinutes(1))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET last_used_at = @now WHERE id = @id",
                new { now, row.id },
                cancellationToken: cancellationToken));
        }
        return new User(row.user_id, row.name, row.is_admin, Internal.Timestamps.FromUtc(row.created_at));
    }

    private static bool TryGetPublicPart(string? key, out string publicPart)
    {
        publicPart = "";
        if (key is null || key.Length != KeyPrefix.Length + PublicPartLength + 1 + 43
            || !key.StartsWith(KeyPrefix, StringComparison.Ordinal) || key[KeyPrefix.Length + PublicPartLength] != '_')
        {
            return false;
        }

        publicPart = key.Substring(KeyPrefix.Length, PublicPartLength);
        return publicPart.All(char.IsAsciiHexDigitLower);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record KeyRow(Guid id, byte[] key_hash, DateTime? last_used_at, Guid user_id, string name, bool is_admin, DateTime created_at);
}
