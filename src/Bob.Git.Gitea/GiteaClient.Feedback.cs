using System.Globalization;
using Bob.Git.Abstractions;
using Bob.Git.Gitea.Internal;

namespace Bob.Git.Gitea;

/// <summary>Reactions and replies on pull requests: Gitea's API v1 has issue comments only (no thread replies, no resolving).</summary>
public sealed partial class GiteaClient
{
    /// <inheritdoc />
    /// <remarks><c>POST /repos/{owner}/{repo}/issues/comments/{id}/reactions</c> <c>{"content":"eyes"}</c>: Gitea answers 200 when the reaction exists.</remarks>
    public Task AcknowledgeCommentAsync(RemoteRepositoryIdentity repository, int number, string commentId, CommentKind kind, CancellationToken cancellationToken = default)
    {
        var id = CommentNumber(commentId);
        return _api.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/issues/comments/{id}/reactions", new GiteaReaction("eyes"), GiteaJsonContext.Default.GiteaReaction, "react to a comment", cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Every reply is an issue comment (<c>POST /repos/{owner}/{repo}/issues/{index}/comments</c>): API v1 cannot answer in a review thread.</remarks>
    public async Task<PostedComment> ReplyAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(body);
        var posted = await _api.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/issues/{number}/comments", new GiteaCommentBody(body), GiteaJsonContext.Default.GiteaCommentBody, GiteaJsonContext.Default.GiteaComment, "comment on a pull request", cancellationToken).ConfigureAwait(false);
        return new PostedComment(posted.Id.ToString(CultureInfo.InvariantCulture), TextRules.HttpLinkOrNull(posted.HtmlUrl) ?? "");
    }

    /// <inheritdoc />
    /// <remarks>Gitea's API v1 cannot resolve a review conversation: always <see langword="false"/>, nothing is sent.</remarks>
    public Task<bool> ResolveThreadAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, CancellationToken cancellationToken = default) =>
        Task.FromResult(false);

    private static long CommentNumber(string commentId) =>
        long.TryParse(commentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new BobValidationException("commentId", $"'{TextRules.Excerpt(commentId ?? "", 40)}' is not a Gitea comment id.");
}
