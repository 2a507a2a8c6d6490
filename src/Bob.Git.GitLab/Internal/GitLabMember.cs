using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>A project member as <c>GET /projects/:id/members/all/:user_id</c> answers (inherited memberships included).</summary>
internal sealed record GitLabMember([property: JsonPropertyName("access_level")] int AccessLevel);
