namespace Bob.Git.GitHub.Internal;

/// <summary>
/// Octokit's API takes no cancellation token: the caller's token flows to <see cref="GitHubApiHandler"/> through this
/// async-local scope instead.
/// </summary>
internal static class GitHubCallContext
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    public static CancellationToken Cancellation => Current.Value;

    public static Scope Enter(CancellationToken cancellationToken)
    {
        var previous = Current.Value;
        Current.Value = cancellationToken;
        return new Scope(previous);
    }

    public readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
