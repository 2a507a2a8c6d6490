namespace Bob.Tasks;

/// <summary>What the gate knows about a pull request (plan 5.3).</summary>
/// <param name="Repository">The repository (<c>owner/name</c>), if known.</param>
/// <param name="Branch">The head branch, if known.</param>
/// <param name="ChangedLines">Lines added plus lines removed.</param>
/// <param name="ChangedFiles">Files changed.</param>
/// <param name="FirstPush">Whether this is the branch's first push.</param>
/// <param name="PullRequestExists">Whether a pull request is open for it.</param>
/// <param name="Title">The pull request's (or the session's) title.</param>
/// <param name="Summary">Its description.</param>
public sealed record PullRequestContext(string? Repository, string? Branch, int ChangedLines, int ChangedFiles, bool FirstPush, bool PullRequestExists, string? Title, string? Summary);
