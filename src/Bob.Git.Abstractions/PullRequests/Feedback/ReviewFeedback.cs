namespace Bob.Git.Abstractions;

/// <summary>A review of a pull request.</summary>
/// <param name="ProviderId">The provider's review id.</param>
/// <param name="Revision">See <see cref="PullRequestFeedback.Revision"/>.</param>
/// <param name="Author">The reviewer's login.</param>
/// <param name="AuthorId">The reviewer's account id at the provider.</param>
/// <param name="State">The review's state.</param>
/// <param name="Body">Its summary text, if any.</param>
/// <param name="Url">Its web page (absolute http or https), or empty.</param>
/// <param name="SubmittedAt">When it was submitted (UTC), if said.</param>
public sealed record ReviewFeedback(string ProviderId, int Revision, string Author, string? AuthorId, ReviewState State, string? Body, string Url, DateTimeOffset? SubmittedAt)
    : PullRequestFeedback(ProviderId, Revision)
{
    private readonly string _url = TextRules.HttpLinkOrNull(Url) ?? "";

    /// <summary>The review's web page (absolute http or https), or empty when the report's URL was anything else.</summary>
    public string Url { get => _url; init => _url = TextRules.HttpLinkOrNull(value) ?? ""; }

    /// <inheritdoc />
    protected override DateTimeOffset? At => SubmittedAt;

    /// <summary>
    /// A pull request's review state from its reviews: each reviewer's latest review that is not a comment counts (a
    /// dismissed one counts for nothing); <see cref="ReviewState.ChangesRequested"/> if any does, else
    /// <see cref="ReviewState.Approved"/> if any does, else <see langword="null"/>.
    /// </summary>
    public static ReviewState? RollUp(IEnumerable<ReviewFeedback> reviews)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        var counting = reviews
            .Where(r => r.State != ReviewState.Commented)
            .GroupBy(r => r.AuthorId ?? r.Author, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ThenBy(r => long.TryParse(r.ProviderId, out var n) ? n : 0).Last().State)
            .ToList();
        return counting.Contains(ReviewState.ChangesRequested) ? ReviewState.ChangesRequested
            : counting.Contains(ReviewState.Approved) ? ReviewState.Approved
            : null;
    }
}
