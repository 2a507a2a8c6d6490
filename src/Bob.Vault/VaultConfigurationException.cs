using Bob.Git.Abstractions;
namespace Bob.Vault;

/// <summary>The vault's keys are missing or malformed. The message names the setting and never contains key material.</summary>
public sealed class VaultConfigurationException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Configuration;

    /// <summary>Creates the exception.</summary>
    public VaultConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public VaultConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public VaultConfigurationException()
        : base("The token vault is not configured.")
    {
    }
}
