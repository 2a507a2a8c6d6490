using System.Text.Json.Serialization;

namespace Bob.Git.Gitea.Internal;

/// <summary>Gitea's <c>CreateIssueCommentOption</c>.</summary>
internal sealed record GiteaCommentBody([property: JsonPropertyName("body")] string Body);
