using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>The backfill's read of a merge request's discussions and approvals.</summary>
public sealed partial class GitLabClient
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /projects/:id/merge_requests/:iid/discussions</c> (100 a page): every note that is not GitLab's own system note,
    /// inline when it has a <c>position</c>, its thread the discussion, reported edited when <c>updated_at</c> is later than
    /// <c>created_at</c>; a resolved discussion as its thread's resolution. <c>GET …/approvals</c>: each approver as an
    /// approving review, with the webhook's id (<c>approval-{iid}-{userId}</c>), so an approval seen already stays one.
    /// </remarks>
    public async Task<IReadOnlyList<PullRequestFeedback>> ListFeedbackAsync(RemoteRepositoryIdentity repository, int number, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var items = new List<PullRequestFeedback>();
        var discussions = await _api.GetAllPagesAsync($"projects/{id}/merge_requests/{number}/discussions?per_page=100", GitLabJsonContext.Default.ListJsonElement, "list the discussions", cancellationToken).ConfigureAwait(false);
        foreach (var discussion in discussions)
        {
            var thread = discussion.OptionalText("id");
            var notes = discussion.TryGetProperty("notes", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Where(n => !n.IsTrue("system")).ToList() : [];
            foreach (var note in notes)
            {
                items.Add(Note(repository, number, thread, note));
            }

            if (notes.Count > 0 && notes.Any(n => n.IsTrue("resolvable")) && notes.Where(n => n.IsTrue("resolvable")).All(n => n.IsTrue("resolved")) && thread is not null)
            {
                items.Add(new ThreadFeedback(thread, true, [.. notes.Select(n => GitLabNotes.Id(n, "id")!)]));
            }
        }

        var approvals = await _api.GetAsync($"projects/{id}/merge_requests/{number}/approvals", GitLabJsonContext.Default.JsonElement, "read the approvals", cancellationToken).ConfigureAwait(false);
        if (approvals.TryGetProperty("approved_by", out var approvedBy) && approvedBy.ValueKind == JsonValueKind.Array)
        {
            foreach (var user in approvedBy.EnumerateArray().Select(a => a.Required("user")))
            {
                var userId = GitLabNotes.Id(user, "id");
                items.Add(new ReviewFeedback($"approval-{number}-{userId ?? user.RequiredText("username")}", PullRequestFeedback.Edited, user.RequiredText("username"), userId, ReviewState.Approved, null, $"{repository.WebUrl}/-/merge_requests/{number}", null));
            }
        }

        return items;
    }

    private static CommentFeedback Note(RemoteRepositoryIdentity repository, int number, string? thread, JsonElement note)
    {
        var id = GitLabNotes.Id(note, "id") ?? throw new KeyNotFoundException("'id' is missing.");
        var position = note.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
        var created = note.OptionalTimestamp("created_at");
        var updated = note.OptionalTimestamp("updated_at");
        var author = note.Required("author");
        return new CommentFeedback(
            id,
            updated > created ? PullRequestFeedback.Edited : PullRequestFeedback.Created,
            position is null ? CommentKind.Conversation : CommentKind.Inline,
            author.RequiredText("username"),
            GitLabNotes.Id(author, "id"),
            note.OptionalText("body") ?? "",
            $"{repository.WebUrl}/-/merge_requests/{number}#note_{id}",
            position?.OptionalText("new_path") ?? position?.OptionalText("old_path"),
            position is { } at ? GitLabNotes.Line(at, "new_line") ?? GitLabNotes.Line(at, "old_line") : null,
            null,
            thread,
            null,
            created,
            updated);
    }
}
