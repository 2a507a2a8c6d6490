using System.Globalization;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>Award emoji, discussion replies and resolving discussions on merge requests.</summary>
public sealed partial class GitLabClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>POST /projects/:id/merge_requests/:iid/notes/:note_id/award_emoji</c> <c>{"name":"eyes"}</c>. GitLab refuses a second
    /// award of one name by one user with 404 "Award Emoji Name has already been taken": that is the 👀 being there already.
    /// </remarks>
    public async Task AcknowledgeCommentAsync(RemoteRepositoryIdentity repository, int number, string commentId, CommentKind kind, CancellationToken cancellationToken = default)
    {
        var note = NoteId(commentId);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        try
        {
            await _api.SendAsync(HttpMethod.Post, $"projects/{id}/merge_requests/{number}/notes/{note}/award_emoji", new GitLabAwardEmoji("eyes"), GitLabJsonContext.Default.GitLabAwardEmoji, "award an emoji on a note", cancellationToken).ConfigureAwait(false);
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound && ex.Message.Contains("has already been taken", StringComparison.Ordinal))
        {
            // Awarded before (a retry after a lost answer): once is what was asked.
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// In the comment's discussion (<c>POST /projects/:id/merge_requests/:iid/discussions/:discussion_id/notes</c>) when it has
    /// one, otherwise a new note (<c>POST /projects/:id/merge_requests/:iid/notes</c>).
    /// </remarks>
    public async Task<PostedComment> ReplyAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(body);
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var path = string.IsNullOrEmpty(target.ThreadId)
            ? $"projects/{id}/merge_requests/{number}/notes"
            : $"projects/{id}/merge_requests/{number}/discussions/{Uri.EscapeDataString(target.ThreadId)}/notes";
        var note = await _api.SendAsync(HttpMethod.Post, path, new GitLabNoteBody(body), GitLabJsonContext.Default.GitLabNoteBody, GitLabJsonContext.Default.GitLabNote, "reply on a merge request", cancellationToken).ConfigureAwait(false);
        var noteId = note.Id.ToString(CultureInfo.InvariantCulture);
        return new PostedComment(noteId, TextRules.HttpLinkOrNull($"{repository.WebUrl}/-/merge_requests/{number}#note_{noteId}") ?? "");
    }

    /// <inheritdoc />
    /// <remarks><c>PUT /projects/:id/merge_requests/:iid/discussions/:discussion_id?resolved=true</c>; a note outside a discussion has nothing to resolve.</remarks>
    public async Task<bool> ResolveThreadAsync(RemoteRepositoryIdentity repository, int number, CommentReplyTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrEmpty(target.ThreadId))
        {
            return false;
        }

        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        using var response = await _api.SendAsync(HttpMethod.Put, $"projects/{id}/merge_requests/{number}/discussions/{Uri.EscapeDataString(target.ThreadId)}?resolved=true", null, "resolve a discussion", cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static long NoteId(string commentId) =>
        long.TryParse(commentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new BobValidationException("commentId", $"'{TextRules.Excerpt(commentId ?? "", 40)}' is not a GitLab note id.");
}
