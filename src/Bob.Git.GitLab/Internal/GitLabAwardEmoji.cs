using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>The body of <c>POST …/notes/:note_id/award_emoji</c>.</summary>
internal sealed record GitLabAwardEmoji([property: JsonPropertyName("name")] string Name);
