namespace Bob.Git.Abstractions;

/// <summary>
/// Something a person said on a pull request, as a provider reported it: a review (<see cref="ReviewFeedback"/>), a comment
/// (<see cref="CommentFeedback"/>) or a change of a review thread (<see cref="ThreadFeedback"/>).
/// </summary>
/// <param name="ProviderId">The provider's id of the review, comment or thread, as text.</param>
/// <param name="Revision">How far along its life this report is (<see cref="Created"/>, <see cref="Edited"/>, <see cref="Ended"/>):
/// reports of one item arrive in any order, and a later stage is never undone by an earlier one.</param>
public abstract record PullRequestFeedback(string ProviderId, int Revision)
{
    /// <summary>Submitted or created.</summary>
    public const int Created = 1;

    /// <summary>Edited.</summary>
    public const int Edited = 2;

    /// <summary>Dismissed or deleted: the item's last report.</summary>
    public const int Ended = 3;

    /// <summary>
    /// Whether this report replaces <paramref name="stored"/>, the kept report of the same item: an ended item stays ended,
    /// a further revision wins, and among equal revisions the later (or equal, so a repeat changes nothing) provider time.
    /// The one rule every <see cref="IPullRequestFeedbackStore"/> keeps.
    /// </summary>
    public bool Supersedes(PullRequestFeedback stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Revision == Ended)
        {
            return false;
        }

        return Revision != stored.Revision ? Revision > stored.Revision : Nullable.Compare(At, stored.At) >= 0;
    }

    /// <summary>
    /// Whether its author may write to the repository (and it is not Bob's own reply), as judged when the report was taken:
    /// only trusted feedback steers an agent. Stores keep it with the report.
    /// </summary>
    public bool Trusted { get; init; }

    /// <summary>The provider's time of this report, for ordering reports of equal revision.</summary>
    protected virtual DateTimeOffset? At => null;
}
