namespace Bob.Git.Abstractions;

/// <summary>Converts <see cref="PullRequestStatus"/> to and from the lower-case names stored in <c>pull_requests.status</c>.</summary>
public static class PullRequestStatusNames
{
    /// <summary>Returns <c>draft</c>, <c>open</c>, <c>merged</c> or <c>closed</c>.</summary>
    public static string ToWireName(this PullRequestStatus status) => status switch
    {
        PullRequestStatus.Draft => "draft",
        PullRequestStatus.Open => "open",
        PullRequestStatus.Merged => "merged",
        PullRequestStatus.Closed => "closed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown pull request status."),
    };

    /// <summary>Parses a stored status name.</summary>
    /// <exception cref="FormatException">The name is not one of the four statuses.</exception>
    public static PullRequestStatus Parse(string value) => value switch
    {
        "draft" => PullRequestStatus.Draft,
        "open" => PullRequestStatus.Open,
        "merged" => PullRequestStatus.Merged,
        "closed" => PullRequestStatus.Closed,
        _ => throw new FormatException($"'{value}' is not a pull request status."),
    };

    /// <summary>Parses a status name; <see langword="false"/> for anything but the four.</summary>
    public static bool TryParse(string? value, out PullRequestStatus status)
    {
        status = value switch
        {
            "draft" => PullRequestStatus.Draft,
            "open" => PullRequestStatus.Open,
            "merged" => PullRequestStatus.Merged,
            "closed" => PullRequestStatus.Closed,
            _ => default,
        };
        return status != default;
    }
}
