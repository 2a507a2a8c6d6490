using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Bob.Git.GitHub.Internal;

/// <summary>
/// Bodies of pull request list pages by token and URL, with their ETag: a poll that sends <c>If-None-Match</c> and gets
/// 304 costs no rate limit (GitHub's conditional requests). Tokens are keyed by their SHA-256, never stored. Bounded:
/// when full, it starts over.
/// </summary>
internal sealed class GitHubETagCache
{
    private const int MaxEntries = 2048;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public static string Key(string accessToken, Uri uri) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(accessToken))) + " " + uri.AbsoluteUri;

    public bool TryGet(string key, out Entry entry) => _entries.TryGetValue(key, out entry!);

    public void Set(string key, Entry entry)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = entry;
    }

    /// <summary>A cached page: the ETag, the JSON body, its content type, and the headers Octokit reads (Link, scopes).</summary>
    public sealed record Entry(string ETag, byte[] Body, string? MediaType, IReadOnlyList<KeyValuePair<string, string[]>> Headers);
}
