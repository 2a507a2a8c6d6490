namespace Bob.Git.Abstractions;

/// <summary>
/// The host's configuration or database is not as it must be (<see cref="BobErrorKind.Configuration"/>): a vault key that is
/// missing or malformed, a database migration that failed. An operator fixes it; the message names the setting or the script,
/// never a secret value.
/// </summary>
public sealed class BobConfigurationException : BobException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public BobConfigurationException()
        : base("The host is not configured as it must be.")
    {
    }

    /// <summary>Creates the exception with a message that names the setting or script.</summary>
    public BobConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public BobConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Configuration;
}
