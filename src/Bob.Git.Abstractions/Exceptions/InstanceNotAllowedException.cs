namespace Bob.Git.Abstractions;

/// <summary>
/// A user-supplied instance URL is refused before any token is sent to it: plain http, or a host that resolves to a
/// loopback, private, link-local or metadata address (SSRF), or a redirect to another host.
/// </summary>
public class InstanceNotAllowedException : GitProviderException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Rejected;

    /// <inheritdoc />
    public override string Title => "Instance URL not allowed";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the instance is refused; names the host, never a token.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="innerException">The underlying error.</param>
    public InstanceNotAllowedException(string message, GitProvider? provider, Exception? innerException = null)
        : base(message, provider, null, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InstanceNotAllowedException()
        : this("The instance URL is not allowed.", provider: null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InstanceNotAllowedException(string message)
        : this(message, provider: null)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InstanceNotAllowedException(string message, Exception innerException)
        : this(message, null, innerException)
    {
    }
}
