namespace Bob.Git;

/// <summary>What a git command printed.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error, scrubbed of the command's token.</param>
public sealed record GitCommandResult(int ExitCode, string Output, string Error);
