using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>A note as GitLab answers it (the fields the suite reads).</summary>
internal sealed record GitLabNote([property: JsonPropertyName("id")] long Id);
