using Bob.Git.Abstractions;
namespace Bob.Vault;

/// <summary>A stored token cannot be decrypted. The message names the key id and the row, never key bytes or plaintext.</summary>
public sealed class TokenDecryptionException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "Stored token cannot be decrypted";

    /// <summary>Creates the exception.</summary>
    public TokenDecryptionException(TokenDecryptionFailure failure, string keyId, TokenLocation location, Exception? innerException = null)
        : base(Describe(failure, keyId, location), innerException)
    {
        Failure = failure;
        KeyId = keyId;
        Location = location;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public TokenDecryptionException()
        : base("A stored token could not be decrypted.")
    {
        KeyId = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public TokenDecryptionException(string message)
        : base(message)
    {
        KeyId = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TokenDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        KeyId = "";
    }

    /// <summary>Why decryption failed.</summary>
    public TokenDecryptionFailure Failure { get; }

    /// <summary>The key id stored with the ciphertext.</summary>
    public string KeyId { get; }

    /// <summary>Where the ciphertext lives.</summary>
    public TokenLocation Location { get; }

    private static string Describe(TokenDecryptionFailure failure, string keyId, TokenLocation location) => failure switch
    {
        TokenDecryptionFailure.UnknownKey =>
            $"Cannot decrypt {location}: it was written under key id '{keyId}', which is neither GIT_TOKEN_ENCRYPTION_KEY nor one of GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS.",
        TokenDecryptionFailure.AuthenticationFailed =>
            $"Cannot decrypt {location} under key id '{keyId}': authentication failed (the ciphertext was altered, belongs to another row or column, or the key is wrong).",
        _ => $"Cannot decrypt {location}: the stored ciphertext, IV or tag is malformed.",
    };
}
