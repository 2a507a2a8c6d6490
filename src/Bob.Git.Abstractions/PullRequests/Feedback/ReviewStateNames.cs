namespace Bob.Git.Abstractions;

/// <summary>A <see cref="ReviewState"/>'s name on the wire and in storage: <c>commented</c>, <c>approved</c>, <c>changes_requested</c>, <c>dismissed</c>.</summary>
public static class ReviewStateNames
{
    /// <summary>The state's wire name.</summary>
    public static string ToWireName(this ReviewState state) => state switch
    {
        ReviewState.Commented => "commented",
        ReviewState.Approved => "approved",
        ReviewState.ChangesRequested => "changes_requested",
        ReviewState.Dismissed => "dismissed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown review state."),
    };

    /// <summary>The state a wire name names (case-insensitive: GitHub writes some in capitals).</summary>
    /// <exception cref="FormatException"><paramref name="value"/> names no review state.</exception>
    public static ReviewState Parse(string value) => value?.ToLowerInvariant() switch
    {
        "commented" => ReviewState.Commented,
        "approved" => ReviewState.Approved,
        "changes_requested" => ReviewState.ChangesRequested,
        "dismissed" => ReviewState.Dismissed,
        _ => throw new FormatException($"'{TextRules.Excerpt(value ?? "", 40)}' is not a review state."),
    };
}
