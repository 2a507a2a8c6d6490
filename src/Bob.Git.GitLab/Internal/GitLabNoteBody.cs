using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>The body of <c>POST …/notes</c> and <c>POST …/discussions/:discussion_id/notes</c>.</summary>
internal sealed record GitLabNoteBody([property: JsonPropertyName("body")] string Body);
