using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>The kinds of git hosting service the suite talks to.</summary>
/// <remarks>On the wire (JSON, database, configuration) the names are lower case: <c>github</c>, <c>gitlab</c>, <c>gitea</c>.</remarks>
[JsonConverter(typeof(GitProviderJsonConverter))]
public enum GitProvider
{
    /// <summary>GitHub: github.com and GitHub Enterprise Server.</summary>
    GitHub = 1,

    /// <summary>GitLab: gitlab.com and self-managed GitLab.</summary>
    GitLab = 2,

    /// <summary>Gitea and its fork Forgejo.</summary>
    Gitea = 3,
}
