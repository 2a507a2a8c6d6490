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
}
