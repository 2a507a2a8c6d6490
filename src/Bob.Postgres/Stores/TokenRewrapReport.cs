namespace Bob.Postgres;

/// <summary>The outcome of <see cref="TokenRewrapper.RewrapAllAsync"/>.</summary>
/// <param name="CurrentKeyId">The key every rewrapped row is now under.</param>
/// <param name="Rewrapped">How many rows were re-encrypted.</param>
/// <param name="Failures">Rows that could not be decrypted, left as they were.</param>
/// <param name="Remaining">Rows still under an older key because they stayed locked by other writers; run again.</param>
public sealed record TokenRewrapReport(string CurrentKeyId, int Rewrapped, IReadOnlyList<TokenRewrapFailure> Failures, long Remaining);
