using System.Text.Json.Serialization;

namespace Bob.Git.GitLab.Internal;

/// <summary>Source-generated serialization of the GitLab REST v4 shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GitLabUser))]
[JsonSerializable(typeof(GitLabMember))]
[JsonSerializable(typeof(GitLabTokenInfo))]
[JsonSerializable(typeof(GitLabOAuthTokenInfo))]
[JsonSerializable(typeof(GitLabProject))]
[JsonSerializable(typeof(GitLabMergeRequest))]
[JsonSerializable(typeof(List<GitLabMergeRequest>))]
[JsonSerializable(typeof(List<GitLabCommit>))]
[JsonSerializable(typeof(GitLabCreateMergeRequest))]
[JsonSerializable(typeof(GitLabUpdateMergeRequest))]
[JsonSerializable(typeof(GitLabAcceptMergeRequest))]
[JsonSerializable(typeof(GitLabNote))]
[JsonSerializable(typeof(GitLabNoteBody))]
[JsonSerializable(typeof(GitLabAwardEmoji))]
[JsonSerializable(typeof(List<System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class GitLabJsonContext : JsonSerializerContext;
