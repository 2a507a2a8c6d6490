using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages.PullRequests;

/// <summary>
/// <c>/pull-requests/{id}</c>: the pull request's activity as a timeline, newest last (opened, pushes, reviews with their
/// state, inline and conversation comments, resolved threads, checks turning red or green, merged or closed), untrusted
/// feedback marked, and the head's checks with their rolled-up state; kept live by
/// the page's script over the session's events. Another user's pull request is 404.
/// </summary>
internal sealed class DetailModel(IPullRequestStore pullRequests, IPullRequestFeedbackStore feedback, ISessionEventStream events, ICheckStore checks) : PageModel
{
    public PullRequest PullRequest { get; private set; } = null!;

    public ReviewState? ReviewState { get; private set; }

    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];

    /// <summary>The head's checks rolled up (issue 21), when the head is known (none yet: pending, and the page fills in live).</summary>
    public (CheckState State, IReadOnlyList<string> Failing, IReadOnlyList<CheckReport> Checks)? Checks { get; private set; }

    public long LastSequence { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await pullRequests.GetAsync(User.GetUserId(), id, cancellationToken) is not { } pullRequest)
        {
            return NotFound();
        }

        PullRequest = pullRequest;
        var said = await feedback.ListAsync(pullRequest.Remote, pullRequest.Number, cancellationToken);
        ReviewState = ReviewFeedback.RollUp(said.OfType<ReviewFeedback>());
        var commits = (await pullRequests.ListCommitsAsync(pullRequest.Remote, 200, cancellationToken)).Where(c => c.PullRequestId == pullRequest.Id);
        Timeline = TimelineItem.Of(pullRequest, said, commits);
        if (pullRequest.HeadSha is { } head && await checks.ListAsync(pullRequest.Remote, head, cancellationToken) is { } all)
        {
            var (state, failing) = CheckHeadState.Of(all);
            Checks = (state, failing, all);
        }
        if (pullRequest.SessionId is { } session)
        {
            // The live script resumes after the last event the page was rendered with.
            // Its checks turning red or green are in the session's events only (checks.updated, once per head and state).
            var turns = new List<TimelineItem>();
            for (var page = await events.ReadAfterAsync(session, 0, 500, cancellationToken); page.Count > 0; page = await events.ReadAfterAsync(session, LastSequence, 500, cancellationToken))
            {
                LastSequence = page[^1].Sequence;
                turns.AddRange(page.Where(e => e.Kind == SessionEventKinds.ChecksUpdated && e.Payload.GetProperty("pullRequestId").GetString() == pullRequest.Id.ToString()).Select(TimelineItem.OfChecks));
            }

            Timeline = [.. Timeline.Concat(turns).OrderBy(i => i.At ?? DateTimeOffset.MaxValue)];
        }

        return Page();
    }
}

/// <summary>One entry of a pull request's timeline.</summary>
/// <param name="At">When (UTC), if known.</param>
/// <param name="Kind"><c>opened</c>, <c>push</c>, <c>review</c>, <c>inline</c>, <c>conversation</c>, <c>merged</c> or <c>closed</c>.</param>
/// <param name="Author">Who, if known.</param>
/// <param name="Text">What they said or did (shown as text, never as markup).</param>
/// <param name="Url">Its page on the provider (shown only when http or https).</param>
internal sealed record TimelineItem(DateTimeOffset? At, string Kind, string? Author, string Text, string? Url)
{
    /// <summary>A review's state.</summary>
    public string? State { get; init; }

    /// <summary>An inline comment's file and line.</summary>
    public string? Location { get; init; }

    /// <summary>Whether the author may steer the agent (only feedback can be untrusted).</summary>
    public bool Trusted { get; init; } = true;

    /// <summary>Whether an inline comment's thread is resolved.</summary>
    public bool Resolved { get; init; }

    /// <summary>Whether this is something a person said (and so can be untrusted).</summary>
    public bool IsFeedback => Kind is "review" or "inline" or "conversation";

    /// <summary>A <c>checks.updated</c> event: the head's new state, on which commit, and what fails.</summary>
    public static TimelineItem OfChecks(SessionEvent checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var head = checks.Payload.GetProperty("headSha").GetString() ?? "";
        var failing = checks.Payload.GetProperty("failing").EnumerateArray().Select(f => f.GetString() ?? "");
        return new TimelineItem(checks.CreatedAt, "checks", $"on {head[..Math.Min(7, head.Length)]}", string.Join(", ", failing), null)
        {
            State = checks.Payload.GetProperty("state").GetString(),
        };
    }

    public static IReadOnlyList<TimelineItem> Of(PullRequest pullRequest, IEnumerable<PullRequestFeedback> said, IEnumerable<RepositoryCommit> commits)
    {
        var items = new List<TimelineItem> { new(pullRequest.CreatedAt, "opened", null, $"#{pullRequest.Number} {pullRequest.Title}", pullRequest.Url) };
        items.AddRange(commits.Select(c => new TimelineItem(c.CommittedAt, "push", c.AuthorName, $"{c.Sha[..7]} {c.Message.Split('\n', 2)[0]}", null)));
        foreach (var item in said)
        {
            items.Add(item switch
            {
                ReviewFeedback r => new TimelineItem(r.SubmittedAt, "review", r.Author, r.Body ?? "", r.Url) { State = r.State.ToWireName(), Trusted = r.Trusted },
                CommentFeedback c => new TimelineItem(c.CreatedAt, c.Kind.ToWireName(), c.Author, c.Body, c.Url)
                {
                    Location = c.Path is null ? null : c.Line is { } line ? $"{c.Path}:{line}" : c.Path,
                    Trusted = c.Trusted,
                    Resolved = c.Resolved,
                },
                _ => throw new ArgumentException($"{item.GetType().Name} is not shown.", nameof(said)),
            });
        }

        if (pullRequest.MergedAt is { } merged)
        {
            items.Add(new TimelineItem(merged, "merged", null, "Merged", null));
        }
        else if (pullRequest.Status == PullRequestStatus.Closed)
        {
            items.Add(new TimelineItem(null, "closed", null, "Closed without merging", null));
        }

        return [.. items.OrderBy(i => i.At ?? DateTimeOffset.MaxValue)];
    }
}
