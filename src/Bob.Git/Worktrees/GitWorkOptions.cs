namespace Bob.Git;

/// <summary>Where and how the suite runs git (configuration section <c>Git</c>).</summary>
public sealed class GitWorkOptions
{
    /// <summary>
    /// The directory that holds one mirror per repository (<c>mirrors/</c>) and the sessions' worktrees (<c>worktrees/</c>);
    /// default <c>.data/git</c>, relative to the working directory. Hosts that share it share the mirrors safely (a lock
    /// file per mirror).
    /// </summary>
    public string WorkDirectory { get; set; } = Path.Combine(".data", "git");

    /// <summary>The git executable; default <c>git</c> from <c>PATH</c>.</summary>
    public string Executable { get; set; } = "git";

    /// <summary>How long one git command may run before it is killed; default 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a request waits for another to finish with a repository's mirror; default 2 minutes.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
