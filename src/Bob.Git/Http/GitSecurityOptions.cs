namespace Bob.Git;

/// <summary>Outbound request safety (configuration section <c>Security</c>, SPEC §2).</summary>
public sealed class GitSecurityOptions
{
    /// <summary>
    /// Whether instance URLs may use plain http and resolve to loopback, private, link-local or other non-public addresses.
    /// Default <see langword="false"/>: only https instances on public addresses are contacted. Turn it on for a Gitea or
    /// GitLab on your own network (and in tests, whose fake providers listen on 127.0.0.1).
    /// </summary>
    public bool AllowPrivateNetworkInstances { get; set; }
}
