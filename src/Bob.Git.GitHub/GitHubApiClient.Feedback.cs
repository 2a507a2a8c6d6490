using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;
using Octokit;

namespace Bob.Git.GitHub;

/// <summary>Reactions, replies in review threads and conversations, and resolving review threads.</summary>
public sealed partial class GitHubApiClient
{
    private const string ResolveThread = "mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { isResolved } } }";

    /// <inheritdoc />
    /// <remarks>
    /// <c>POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions</c> for an inline comment,
    /// <c>/issues/comments/{comment_id}/reactions</c> for a conversation comment, <c>{"content":"eyes"}</c>. GitHub answers 200
    /// with the existing reaction when there is one.
    /// </remarks>
    public async Task AcknowledgeCommentAsync(RemoteRepositoryIdentity repository, int number, string commentId, CommentKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var id = CommentNumber(commentId);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        var eyes = new NewReaction(ReactionType.Eyes);
        _ = kind == CommentKind.Inline
            ? await _octokit.Reaction.PullRequestReviewComment.Create(repository.Owner, repository.Name, id, eyes).ConfigureAwait(false)
            : await _octokit.Reaction.IssueComment.Create(repository.Owner, repository.Name, id, eyes).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An inline comment is answered in its review thread: <c>POST /repos/{owner}/{repo}/pulls/{pull_number}/comments/{comment_id}/replies</c>
    /// with the thread's first comment (GitHub takes no reply to a reply); a conversation comment with
    /// <c>POST /repos/{owner}/{repo}/issues/{issue_number}/comments</c>.
    /// </remarks>
    public async Task<PostedComment> ReplyAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(body);
        using var scope = GitHubCallContext.Enter(cancellationToken);
        if (target.Kind == CommentKind.Inline)
        {
            var top = CommentNumber(target.ThreadId ?? target.CommentId);
            var uri = new Uri($"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/pulls/{number}/comments/{top}/replies", UriKind.Relative);
            var reply = await new ApiConnection(_octokit.Connection).Post<PullRequestReviewComment>(uri, new GitHubReplyBody(body)).ConfigureAwait(false);
            return new PostedComment(reply.Id.ToString(CultureInfo.InvariantCulture), TextRules.HttpLinkOrNull(reply.HtmlUrl) ?? "");
        }

        var comment = await _octokit.Issue.Comment.Create(repository.Owner, repository.Name, number, body).ConfigureAwait(false);
        return new PostedComment(comment.Id.ToString(CultureInfo.InvariantCulture), TextRules.HttpLinkOrNull(comment.HtmlUrl) ?? "");
    }

    /// <inheritdoc />
    /// <remarks>
    /// GraphQL <c>resolveReviewThread</c> with the thread's node id: the one the <c>pull_request_review_thread</c> deliveries
    /// named, or the one whose first comment is the thread's, looked up in the pull request's <c>reviewThreads</c>.
    /// </remarks>
    public async Task<bool> ResolveThreadAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind != CommentKind.Inline)
        {
            return false;
        }

        var nodeId = target.ThreadNodeId ?? await FindThreadNodeIdAsync(repository, number, CommentNumber(target.ThreadId ?? target.CommentId), cancellationToken).ConfigureAwait(false);
        if (nodeId is null)
        {
            return false;
        }

        await GraphQLAsync(ResolveThread, nodeId, "resolve a review thread", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<string?> FindThreadNodeIdAsync(RemoteRepositoryIdentity repository, int number, long firstCommentId, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"query($owner: String!, $name: String!) {{ repository(owner: $owner, name: $name) {{ pullRequest(number: {number}) {{ reviewThreads(first: 100) {{ nodes {{ id comments(first: 1) {{ nodes {{ databaseId }} }} }} }} }} }} }}");
        var data = await GraphQLAsync(query, new Dictionary<string, string> { ["owner"] = repository.Owner, ["name"] = repository.Name }, "find a review thread", cancellationToken).ConfigureAwait(false);
        if (data is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("repository", out var repo) || repo.ValueKind != JsonValueKind.Object
            || !repo.TryGetProperty("pullRequest", out var pr) || pr.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var thread in pr.GetProperty("reviewThreads").GetProperty("nodes").EnumerateArray())
        {
            var first = thread.GetProperty("comments").GetProperty("nodes").EnumerateArray().FirstOrDefault();
            if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty("databaseId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == firstCommentId)
            {
                return thread.GetProperty("id").GetString();
            }
        }

        return null;
    }

    private static long CommentNumber(string commentId) =>
        long.TryParse(commentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new BobValidationException("commentId", $"'{TextRules.Excerpt(commentId ?? "", 40)}' is not a GitHub comment id.");
}
