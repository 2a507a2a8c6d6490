using Bob.Git.Abstractions;

namespace Bob.Postgres.Internal;

/// <summary>The encrypted token columns of one <c>git_provider_connections</c> row.</summary>
internal sealed record TokenRow(
    Guid id,
    string? token_key_id,
    string? scopes,
    string? access_token_ciphertext,
    string? access_token_iv,
    string? access_token_tag,
    string? refresh_token_ciphertext,
    string? refresh_token_iv,
    string? refresh_token_tag,
    DateTime? access_token_expires_at,
    DateTime? refresh_token_expires_at)
{
    public const string Columns =
        "id, token_key_id, scopes, access_token_ciphertext, access_token_iv, access_token_tag, " +
        "refresh_token_ciphertext, refresh_token_iv, refresh_token_tag, access_token_expires_at, refresh_token_expires_at";

    public EncryptedToken Access => new(access_token_ciphertext ?? "", access_token_iv ?? "", access_token_tag ?? "", token_key_id ?? "");

    public EncryptedToken? Refresh => refresh_token_ciphertext is null
        ? null
        : new(refresh_token_ciphertext, refresh_token_iv ?? "", refresh_token_tag ?? "", token_key_id ?? "");

    public ProtectedTokenSet ToProtected() => new(
        Access,
        Refresh,
        Timestamps.FromUtc(access_token_expires_at),
        Timestamps.FromUtc(refresh_token_expires_at),
        scopes);
}
