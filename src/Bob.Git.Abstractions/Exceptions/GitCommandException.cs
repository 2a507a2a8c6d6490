namespace Bob.Git.Abstractions;

/// <summary>A git command failed or timed out. The message and <see cref="Output"/> never carry a token: the command's output is scrubbed first.</summary>
public class GitCommandException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Configuration;

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

    /// <summary>The exit code, or <see langword="null"/> when the command timed out or could not start.</summary>
    public int? ExitCode { get; }

    /// <summary>The command's standard error (scrubbed), if any.</summary>
    public string? Output { get; }

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
}
