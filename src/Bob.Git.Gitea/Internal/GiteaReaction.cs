using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea's <c>EditReactionOption</c>.</summary>
internal sealed record GiteaReaction([property: JsonPropertyName("content")] string Content);
