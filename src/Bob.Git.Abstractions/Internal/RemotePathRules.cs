using System.Text.RegularExpressions;

namespace Bob.Git.Abstractions.Internal;

/// <summary>The providers' rules for owner, namespace and repository names, as their documentation states them.</summary>
internal static partial class RemotePathRules
{
    // GitLab allows 20 levels of subgroups below a top-level group.
    private const int MaxGitLabNamespaceDepth = 21;

    /// <summary>Returns why the path is invalid, or null when it is valid.</summary>
    public static string? Validate(GitProvider provider, IReadOnlyList<string> ownerSegments, string name)
    {
        var brand = provider switch
        {
            GitProvider.GitHub => "GitHub",
            GitProvider.GitLab => "GitLab",
            _ => "Gitea",
        };

        if (ownerSegments.Count == 0 || ownerSegments.Any(s => s.Length == 0) || name.Length == 0)
        {
            return $"A {brand} repository path needs an owner and a name, as in owner/name.";
        }

        if (provider != GitProvider.GitLab && ownerSegments.Count != 1)
        {
            return $"A {brand} repository path is owner/name, but '{string.Join('/', ownerSegments)}/{name}' has {ownerSegments.Count + 1} segments.";
        }

        if (ownerSegments.Count > MaxGitLabNamespaceDepth)
        {
            return $"A GitLab namespace has at most {MaxGitLabNamespaceDepth} levels, but this one has {ownerSegments.Count}.";
        }

        foreach (var segment in ownerSegments)
        {
            var ok = provider switch
            {
                GitProvider.GitHub => GitHubOwner().IsMatch(segment),
                GitProvider.GitLab => GitLabPath().IsMatch(segment) && !segment.EndsWith(".atom", StringComparison.OrdinalIgnoreCase) && !segment.EndsWith(".git", StringComparison.OrdinalIgnoreCase),
                _ => GiteaName().IsMatch(segment) && segment is not ("." or ".."),
            };
            if (!ok)
            {
                return $"'{Shorten(segment)}' is not a valid {brand} {(provider == GitProvider.GitLab ? "namespace" : "owner")} name.";
            }
        }

        var nameOk = provider switch
        {
            GitProvider.GitHub => GitHubRepository().IsMatch(name) && name is not ("." or ".."),
            GitProvider.GitLab => GitLabPath().IsMatch(name) && !name.EndsWith(".atom", StringComparison.OrdinalIgnoreCase),
            _ => GiteaName().IsMatch(name) && name is not ("." or ".."),
        };
        return nameOk ? null : $"'{Shorten(name)}' is not a valid {brand} repository name.";
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";

    // Letters, digits, hyphens (and underscores for Enterprise Managed Users), not starting with a hyphen.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubOwner();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubRepository();

    // "Path can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'."
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabPath();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex GiteaName();
}
