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
}
