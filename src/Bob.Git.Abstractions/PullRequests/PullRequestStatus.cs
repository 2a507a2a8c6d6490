using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>The life-cycle state of a pull request (GitLab: merge request), as the <c>pull_requests.status</c> column stores it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PullRequestStatus>))]
public enum PullRequestStatus
{
    /// <summary>Open and marked as a draft (GitLab and Gitea: a draft title prefix).</summary>
    Draft = 1,

    /// <summary>Open and ready for review.</summary>
    Open = 2,

    /// <summary>Merged into its base branch.</summary>
    Merged = 3,

    /// <summary>Closed without merging.</summary>
    Closed = 4,
}
