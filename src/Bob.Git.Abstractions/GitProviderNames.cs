using System.Diagnostics.CodeAnalysis;

namespace Bob.Git.Abstractions;

/// <summary>Converts <see cref="GitProvider"/> to and from its lower-case wire name (<c>github</c>, <c>gitlab</c>, <c>gitea</c>).</summary>
public static class GitProviderNames
{
    /// <summary>The wire name of <c>GitProvider.GitHub</c>.</summary>
    public const string GitHub = "github";

    /// <summary>The wire name of <c>GitProvider.GitLab</c>.</summary>
    public const string GitLab = "gitlab";

    /// <summary>The wire name of <c>GitProvider.Gitea</c>.</summary>
    public const string Gitea = "gitea";

    /// <summary>Returns the lower-case wire name of <paramref name="provider"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="provider"/> is not a defined value.</exception>
    public static string ToWireName(this GitProvider provider) => provider switch
    {
        GitProvider.GitHub => GitHub,
        GitProvider.GitLab => GitLab,
        GitProvider.Gitea => Gitea,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown git provider."),
    };

    /// <summary>Returns the provider's product name for messages: <c>GitHub</c>, <c>GitLab</c>, <c>Gitea</c>.</summary>
    public static string ToDisplayName(this GitProvider provider) => provider switch
    {
        GitProvider.GitHub => "GitHub",
        GitProvider.GitLab => "GitLab",
        GitProvider.Gitea => "Gitea",
        _ => provider.ToString(),
    };

    /// <summary>Parses a wire name, ignoring case. <c>forgejo</c> is accepted as <see cref="GitProvider.Gitea"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out GitProvider provider)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case GitHub: provider = GitProvider.GitHub; return true;
            case GitLab: provider = GitProvider.GitLab; return true;
            case Gitea or "forgejo": provider = GitProvider.Gitea; return true;
            default: provider = default; return false;
        }
    }

    /// <summary>Parses a wire name, ignoring case.</summary>
    /// <exception cref="FormatException"><paramref name="value"/> names no supported provider.</exception>
    public static GitProvider Parse(string value) =>
        TryParse(value, out var provider)
            ? provider
            : throw new FormatException($"'{value}' is not a git provider; expected 'github', 'gitlab' or 'gitea'.");
}
