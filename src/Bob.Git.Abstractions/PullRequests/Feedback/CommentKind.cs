namespace Bob.Git.Abstractions;

/// <summary>Where a comment on a pull request was made.</summary>
public enum CommentKind
{
    /// <summary>On a line of the diff (a review comment, a GitLab diff note).</summary>
    Inline = 1,

    /// <summary>In the pull request's conversation.</summary>
    Conversation = 2,
}
