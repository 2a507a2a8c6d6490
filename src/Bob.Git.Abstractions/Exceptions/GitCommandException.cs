namespace Bob.Git.Abstractions;

/// <summary>
/// A git command failed or timed out; <see cref="Failure"/> says how (a rejected push, a refused token, an unreachable
/// remote, or a failure git does not name). The message and <see cref="Output"/> never carry a token: the command's output is
/// scrubbed first.
/// </summary>
public sealed class GitCommandException : BobException
{
    /// <summary>Creates the exception for a command's failure.</summary>
    /// <param name="message">What failed, already scrubbed of secrets.</param>
    /// <param name="exitCode">The exit code, or <see langword="null"/> when it timed out.</param>
    /// <param name="output">The command's standard error, scrubbed of secrets.</param>
    public GitCommandException(string message, int? exitCode, string? output)
        : base(message)
    {
        ExitCode = exitCode;
        Output = output;
    }

    /// <summary>Creates the exception for a failure of a known kind.</summary>
    /// <param name="failure">How the command failed.</param>
    /// <param name="message">What failed, already scrubbed of secrets.</param>
    /// <param name="connectionId">The connection whose token the remote refused, for <see cref="GitCommandFailure.RemoteAuthentication"/> (otherwise <see langword="null"/>).</param>
    public GitCommandException(GitCommandFailure failure, string message, Guid? connectionId)
        : base(message)
    {
        Failure = failure;
        ConnectionId = connectionId;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public GitCommandException()
        : base("A git command failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public GitCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public GitCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>How the command failed.</summary>
    public GitCommandFailure Failure { get; }

    /// <summary>The exit code, or <see langword="null"/> when the command timed out or could not start.</summary>
    public int? ExitCode { get; }

    /// <summary>The command's standard error (scrubbed), if any.</summary>
    public string? Output { get; }

    /// <summary>The connection whose token the remote refused, when <see cref="Failure"/> is <see cref="GitCommandFailure.RemoteAuthentication"/>.</summary>
    public Guid? ConnectionId { get; }

    /// <inheritdoc />
    public override BobErrorKind Kind => Failure switch
    {
        GitCommandFailure.PushRejected or GitCommandFailure.RemoteAuthentication => BobErrorKind.Conflict,
        GitCommandFailure.RemoteUnavailable => BobErrorKind.Unavailable,
        _ => BobErrorKind.Configuration,
    };

    /// <inheritdoc />
    public override string Title => Failure switch
    {
        GitCommandFailure.PushRejected => "The remote rejected the push",
        GitCommandFailure.RemoteAuthentication => "The remote refused the connection's token",
        GitCommandFailure.RemoteUnavailable => "The git remote could not be reached",
        _ => base.Title,
    };
}
