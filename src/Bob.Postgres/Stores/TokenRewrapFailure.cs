using Bob.Vault;

namespace Bob.Postgres;

/// <summary>A row the rewrap could not decrypt.</summary>
/// <param name="ConnectionId">The row.</param>
/// <param name="KeyId">The key id stored with it.</param>
/// <param name="Failure">Why it failed.</param>
/// <param name="Message">The vault's message (key id and row; never key bytes or plaintext).</param>
public sealed record TokenRewrapFailure(Guid ConnectionId, string? KeyId, TokenDecryptionFailure Failure, string Message);
