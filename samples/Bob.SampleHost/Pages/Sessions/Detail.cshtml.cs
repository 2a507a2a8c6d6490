using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages.Sessions;

/// <summary><c>/sessions/{id}</c>: the linked pull request and task, then the events, kept live by the page's script.</summary>
internal sealed class DetailModel(ISessionStore sessions, PullRequestService pullRequests, ISessionEventStream events) : PageModel
{
    public Session Session { get; private set; } = null!;

    public PullRequest? PullRequest { get; private set; }

    public IReadOnlyList<SessionEvent> Events { get; private set; } = [];

    public long LastSequence => Events.Count == 0 ? 0 : Events[^1].Sequence;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var session = await sessions.GetAsync(User.GetUserId(), id, cancellationToken);
        if (session is null)
        {
            return NotFound();
        }

        Session = session;
        PullRequest = (await pullRequests.ListForSessionAsync(User.GetUserId(), id, null, 1, null, cancellationToken)).Items.FirstOrDefault();
        Events = await events.ReadAfterAsync(id, 0, 500, cancellationToken);
        return Page();
    }
}
