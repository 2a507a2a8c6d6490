namespace Bob.Git.Abstractions;

/// <summary>
/// The host does not offer what was asked of a provider: the provider's package is not registered (<c>AddBobGit().AddGitHub()</c>),
/// or no OAuth application is configured for the instance. Not a fault of the caller's values' form, and not a bug.
/// </summary>
public sealed class GitProviderNotAvailableException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception with what is missing.</summary>
    public GitProviderNotAvailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitProviderNotAvailableException()
        : base("The provider is not available on this host.")
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitProviderNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
