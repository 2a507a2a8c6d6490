namespace Bob.Git.Abstractions;

/// <summary>
/// An operation needs an App installation that was uninstalled, is suspended, or does not cover the repository
/// (<see cref="BobErrorKind.Conflict"/>, 409). The message says what the user must do ("install the App on acme/web
/// again"); nothing retries it.
/// </summary>
public sealed class GitAppInstallationUnavailableException : BobException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="installationId">The provider's installation id.</param>
    /// <param name="reason">Why it cannot be used: <c>deleted</c>, <c>suspended</c> or <c>not-covered</c>.</param>
    /// <param name="message">What happened and what to do.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GitAppInstallationUnavailableException(long installationId, string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        InstallationId = installationId;
        Reason = reason;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitAppInstallationUnavailableException()
        : base("The App installation cannot be used.")
    {
        Reason = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitAppInstallationUnavailableException(string message)
        : base(message)
    {
        Reason = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitAppInstallationUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "";
    }

    /// <summary>The provider's installation id, when known.</summary>
    public long? InstallationId { get; }

    /// <summary>Why it cannot be used: <c>deleted</c>, <c>suspended</c> or <c>not-covered</c>.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Conflict;

    /// <inheritdoc />
    public override string Title => "App installation unavailable";
}
