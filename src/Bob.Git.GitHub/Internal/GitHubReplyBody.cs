namespace Bob.Git.GitHub.Internal;

/// <summary>The body of <c>POST …/pulls/{pull_number}/comments/{comment_id}/replies</c> (Octokit writes <c>{"body":…}</c>).</summary>
internal sealed record GitHubReplyBody(string Body);
