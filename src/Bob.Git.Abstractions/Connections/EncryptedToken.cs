namespace Bob.Git.Abstractions;

/// <summary>
/// A token encrypted by the vault (<c>Bob.Vault.TokenVault</c>), in the form the database columns store it. Stores handle
/// only this form; the plaintext never reaches them.
/// </summary>
/// <param name="Ciphertext">Base64 of the AES-256-GCM ciphertext (as long as the token's UTF-8 bytes).</param>
/// <param name="Iv">Base64 of the 96-bit IV, fresh for every encryption.</param>
/// <param name="Tag">Base64 of the 128-bit authentication tag.</param>
/// <param name="KeyId">The id of the master key it was written under (stored in <c>token_key_id</c>).</param>
public sealed record EncryptedToken(string Ciphertext, string Iv, string Tag, string KeyId);
