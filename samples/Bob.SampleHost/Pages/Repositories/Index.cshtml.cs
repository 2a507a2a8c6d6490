using Bob.Git.Abstractions;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bob.SampleHost.Pages.Repositories;

/// <summary><c>/repositories</c>: the signed-in user's repositories.</summary>
internal sealed class IndexModel(IRepositoryStore repositories) : PageModel
{
    public IReadOnlyList<Repository> Repositories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Repositories = await repositories.ListAsync(User.GetUserId(), cancellationToken);
}
