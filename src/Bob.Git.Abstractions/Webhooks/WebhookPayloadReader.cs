using System.Globalization;
using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>
/// What the provider payload parsers share: reading a payload with shape errors turned into <see cref="FormatException"/>,
/// required members, timestamps in the forms providers send, and the push <c>commits</c> array that GitHub, GitLab and
/// Gitea all write the same way (<c>id</c>, <c>message</c>, <c>timestamp</c>, <c>author.name</c>, <c>author.email</c>).
/// </summary>
public static class WebhookPayloadReader
{
    /// <summary>Parses <paramref name="payload"/> and runs <paramref name="read"/> on its root; shape errors become <see cref="FormatException"/>.</summary>
    /// <exception cref="FormatException">The payload is not JSON, misses a member <paramref name="read"/> requires, or names an invalid repository URL.</exception>
    public static T Read<T>(string provider, string eventType, ReadOnlyMemory<byte> payload, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            using var document = JsonDocument.Parse(payload);
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or InvalidRemoteUrlException)
        {
            throw new FormatException($"The {provider} {eventType} payload is not of the documented shape: {ex.Message}", ex);
        }
    }

    /// <summary>The member <paramref name="name"/>, which must be present and not null.</summary>
    /// <exception cref="KeyNotFoundException">It is missing, null, or <paramref name="element"/> is not an object.</exception>
    public static JsonElement Required(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new KeyNotFoundException($"'{name}' is missing.");

    /// <summary>The string member <paramref name="name"/>, or <see langword="null"/> when absent or not a string.</summary>
    public static string? OptionalString(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Whether the member <paramref name="name"/> is <see langword="true"/>.</summary>
    public static bool IsTrue(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>
    /// A timestamp: ISO 8601 (with or without offset, taken as UTC without), GitLab's <c>2013-12-03 17:23:34 UTC</c>, or Unix seconds.
    /// </summary>
    public static DateTimeOffset Timestamp(this JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return DateTimeOffset.FromUnixTimeSeconds(value.GetInt64());
        }

        var text = value.GetString() ?? throw new KeyNotFoundException("A timestamp is missing.");
        if (text.EndsWith(" UTC", StringComparison.Ordinal))
        {
            text = text[..^4].Replace(' ', 'T') + "Z";
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    /// <summary>Reads a push's <c>commits</c> array; an absent array is no commits.</summary>
    public static IReadOnlyList<CommitInfo> PushCommits(this JsonElement root)
    {
        var commits = new List<CommitInfo>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("commits", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var commit in list.EnumerateArray())
            {
                var author = commit.TryGetProperty("author", out var a) ? a : default;
                commits.Add(new CommitInfo(
                    commit.Required("id").GetString()!,
                    commit.Required("message").GetString() ?? "",
                    author.OptionalString("name"),
                    author.OptionalString("email"),
                    commit.Required("timestamp").Timestamp()));
            }
        }

        return commits;
    }
}
