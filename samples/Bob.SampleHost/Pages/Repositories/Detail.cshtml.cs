using Bob.Git;
using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages.Repositories;

/// <summary><c>/repositories/{id}</c>: the pull request timeline and the commit list; another user's repository is 404.</summary>
internal sealed class DetailModel(IRepositoryStore repositories, PullRequestService pullRequests, IPullRequestStore store, PullRequestFeedbackService feedback, ICheckStore checks, RepositoryWebhookService webhooks) : PageModel
{
    public Repository Repository { get; private set; } = null!;

    public IReadOnlyList<PullRequest> PullRequests { get; private set; } = [];

    /// <summary>The remote's webhook: managed or manual, and what Bob last saw of it.</summary>
    public RepositoryWebhookView Webhook { get; private set; } = null!;

    public IReadOnlyList<RepositoryCommit> Commits { get; private set; } = [];

    /// <summary>The review state of each listed pull request that has one.</summary>
    public Dictionary<Guid, ReviewState> ReviewStates { get; } = [];

    /// <summary>The head's checks of each open listed pull request that has any: the state and what fails.</summary>
    public Dictionary<Guid, (CheckState State, IReadOnlyList<string> Failing)> CheckStates { get; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var repository = await repositories.GetAsync(User.GetUserId(), id, cancellationToken);
        if (repository is null)
        {
            return NotFound();
        }

        Repository = repository;
        Webhook = await webhooks.DescribeAsync(repository, cancellationToken);
        PullRequests = (await pullRequests.ListForRepositoryAsync(User.GetUserId(), id, null, SessionService.MaxPageSize, null, cancellationToken)).Items;
        Commits = await store.ListCommitsAsync(repository.Remote, 100, cancellationToken);
        foreach (var pullRequest in PullRequests)
        {
            if (await feedback.ReviewStateAsync(pullRequest, cancellationToken) is { } state)
            {
                ReviewStates[pullRequest.Id] = state;
            }

            if (pullRequest is { HeadSha: { } head, Status: PullRequestStatus.Open or PullRequestStatus.Draft }
                && await checks.ListAsync(pullRequest.Remote, head, cancellationToken) is { Count: > 0 } all)
            {
                CheckStates[pullRequest.Id] = CheckHeadState.Of(all);
            }
        }

        return Page();
    }
}
