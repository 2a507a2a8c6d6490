using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Source-generated serialization of the Gitea API shapes.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GiteaUser))]
[JsonSerializable(typeof(GiteaCollaboratorPermission))]
[JsonSerializable(typeof(GiteaRepository))]
[JsonSerializable(typeof(GiteaPullRequest))]
[JsonSerializable(typeof(List<GiteaPullRequest>))]
[JsonSerializable(typeof(List<GiteaCommit>))]
[JsonSerializable(typeof(GiteaCreatePullRequest))]
[JsonSerializable(typeof(GiteaEditPullRequest))]
[JsonSerializable(typeof(GiteaMergePullRequest))]
[JsonSerializable(typeof(GiteaComment))]
[JsonSerializable(typeof(GiteaCommentBody))]
[JsonSerializable(typeof(GiteaReaction))]
[JsonSerializable(typeof(List<System.Text.Json.JsonElement>))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class GiteaJsonContext : JsonSerializerContext;
