namespace Bob.Git.Abstractions.Internal;

/// <summary>Host names that stand for github.com and gitlab.com, including their SSH-over-443 aliases.</summary>
internal static class CloudHosts
{
    public static bool IsGitHubCom(string host) => host is "github.com" or "www.github.com" or "ssh.github.com";

    public static bool IsGitLabCom(string host) => host is "gitlab.com" or "www.gitlab.com" or "altssh.gitlab.com";
}
