using System.Collections.Concurrent;
using System.Globalization;
using Bob.Git.Abstractions;

namespace Bob.Git;

/// <summary>
/// What each instance's API last said of its rate limit (GitHub <c>x-ratelimit-remaining</c>/<c>-reset</c>, GitLab
/// <c>RateLimit-Remaining</c>/<c>-Reset</c>), recorded from every response the provider clients receive in this process.
/// Background work (the backfill sync) reads it to leave an instance alone before its limit is spent, until the reset.
/// </summary>
public static class ProviderRateBudget
{
    private static readonly ConcurrentDictionary<string, (long Remaining, DateTimeOffset? Reset)> Budgets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="instance"/>'s API has at most <paramref name="threshold"/> requests left before its reset;
    /// <paramref name="reset"/> is when it resets (if said). An instance that never said anything is not nearly spent.
    /// </summary>
    public static bool IsNearlySpent(GitInstance instance, long threshold, DateTimeOffset now, out DateTimeOffset? reset)
    {
        ArgumentNullException.ThrowIfNull(instance);
        reset = null;
        if (!Budgets.TryGetValue(KeyFor(instance), out var budget) || budget.Remaining > threshold)
        {
            return false;
        }

        reset = budget.Reset;
        return budget.Reset is not { } at || at > now;
    }

    /// <summary>Records a response's rate-limit headers for the API at <paramref name="origin"/>.</summary>
    internal static void Record(string origin, HttpResponseMessage response, DateTimeOffset now)
    {
        var remaining = Header(response, "x-ratelimit-remaining") ?? Header(response, "RateLimit-Remaining");
        if (!long.TryParse(remaining, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return;
        }

        Budgets[Key(origin)] = (value, ProviderRateLimit.ResetAt(response, now));
    }

    /// <summary>The API origin of an instance: GitHub.com's API is <c>api.github.com</c>; every other instance serves its API on its own origin.</summary>
    private static string KeyFor(GitInstance instance) =>
        instance.IsCloud && instance.Provider == GitProvider.GitHub ? "https://api.github.com" : Key(instance.BaseUrl);

    private static string Key(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : origin;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
