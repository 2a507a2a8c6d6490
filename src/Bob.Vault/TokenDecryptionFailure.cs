namespace Bob.Vault;

/// <summary>Why a ciphertext could not be decrypted.</summary>
public enum TokenDecryptionFailure
{
    /// <summary>It was written under a key that is neither the current nor a previous key (retired or never configured).</summary>
    UnknownKey = 1,

    /// <summary>Authentication failed: the ciphertext, IV or tag was changed, or it belongs to another row or column, or the key is wrong.</summary>
    AuthenticationFailed = 2,

    /// <summary>The stored values are not base64 of the right lengths.</summary>
    Malformed = 3,
}
