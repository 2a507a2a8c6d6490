using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>What <c>GET /repos/{owner}/{repo}/collaborators/{collaborator}/permission</c> answers (<c>RepoCollaboratorPermission</c>).</summary>
internal sealed record GiteaCollaboratorPermission([property: JsonPropertyName("permission")] string? Permission);
