using System.Globalization;

namespace Bob.Notifications;

/// <summary>Builds the app's <c>bob://</c> deep links (plan 6.2, SPEC §6). Every variable part is percent-encoded.</summary>
public static class DeepLinks
{
    /// <summary>The URL scheme of the mobile app.</summary>
    public const string Scheme = "bob";

    /// <summary><c>bob://session/{sessionId}</c>.</summary>
    public static Uri Session(Guid sessionId) => Create($"session/{Id(sessionId)}");

    /// <summary><c>bob://repo/{repositoryId}</c>.</summary>
    public static Uri Repository(Guid repositoryId) => Create($"repo/{Id(repositoryId)}");

    /// <summary><c>bob://pr/{provider}/{owner}/{repo}/{number}</c>. A GitLab namespace with subgroups is one encoded segment.</summary>
    /// <param name="provider">The provider's wire name: <c>github</c>, <c>gitlab</c> or <c>gitea</c>.</param>
    /// <param name="owner">The owner or namespace path.</param>
    /// <param name="repository">The repository name.</param>
    /// <param name="number">The pull request number.</param>
    public static Uri PullRequest(string provider, string owner, string repository, int number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return Create($"pr/{Uri.EscapeDataString(provider)}/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repository)}/{number.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary><c>bob://auth/callback?...</c> with the given query parameters, encoded.</summary>
    public static Uri AuthCallback(IEnumerable<KeyValuePair<string, string>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return Create(text.Length == 0 ? "auth/callback" : $"auth/callback?{text}");
    }

    private static string Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static Uri Create(string rest) => new($"{Scheme}://{rest}", UriKind.Absolute);
}
