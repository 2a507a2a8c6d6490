using System.Globalization;
using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob;

/// <summary>
/// What the provider payload parsers share: reading a payload with shape errors turned into <see cref="FormatException"/>,
/// required members, timestamps in the forms providers send, and the push <c>commits</c> array that GitHub, GitLab and
/// Gitea all write the same way (<c>id</c>, <c>message</c>, <c>timestamp</c>, <c>author.name</c>, <c>author.email</c>).
/// </summary>
/// <remarks>Compiled into each provider package; internal.</remarks>
internal static class WebhookPayloadReader
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
        catch (FormatException ex)
        {
            throw new FormatException($"The {provider} {eventType} payload is not of the documented shape: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or BobValidationException)
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
    /// A timestamp: ISO 8601 (with or without offset, taken as UTC without), GitLab's <c>2013-12-03 17:23:34 UTC</c>, or Unix
    /// seconds, always returned in UTC (offset zero): providers send commit times in the committer's offset
    /// (<c>2011-12-12T14:27:31+02:00</c>), and stores and comparisons want one instant, one form.
    /// </summary>
    /// <exception cref="FormatException">The value is not a timestamp in one of those forms, or it lies outside
    /// <see cref="EarliestTimestamp"/> to <see cref="LatestTimestamp"/>.</exception>
    public static DateTimeOffset Timestamp(this JsonElement value)
    {
        DateTimeOffset parsed;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out var seconds) || seconds < EarliestTimestamp.ToUnixTimeSeconds() || seconds > LatestTimestamp.ToUnixTimeSeconds())
            {
                throw new FormatException($"The timestamp {Quote(value.GetRawText())} is not Unix seconds between {EarliestTimestamp:yyyy} and {LatestTimestamp:yyyy}.");
            }

            parsed = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        else
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new FormatException("A timestamp is missing.");
            var iso = text.EndsWith(" UTC", StringComparison.Ordinal) ? text[..^4].Replace(' ', 'T') + "Z" : text;
            try
            {
                parsed = DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"The timestamp {Quote(text)} is not an ISO 8601 date and time.", ex);
            }
        }

        parsed = parsed.ToUniversalTime();
        return parsed >= EarliestTimestamp && parsed <= LatestTimestamp
            ? parsed
            : throw new FormatException($"The timestamp {parsed:O} lies outside {EarliestTimestamp:yyyy} to {LatestTimestamp:yyyy}.");
    }

    /// <summary>The timestamp member <paramref name="name"/> (see <see cref="Timestamp"/>), or <see langword="null"/> when absent or null.</summary>
    /// <exception cref="FormatException">It is present but not a timestamp.</exception>
    public static DateTimeOffset? OptionalTimestamp(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.Timestamp()
            : null;

    /// <summary>The earliest timestamp a payload may carry: 1970-01-01 (git has no earlier commit time in practice).</summary>
    public static readonly DateTimeOffset EarliestTimestamp = DateTimeOffset.UnixEpoch;

    /// <summary>The latest timestamp a payload may carry: the end of 9998, short of the ends Npgsql writes as infinity.</summary>
    public static readonly DateTimeOffset LatestTimestamp = new(9998, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>
    /// The string member <paramref name="name"/>, which must be present and a string, without NUL characters: JSON may carry
    /// <c>\u0000</c>, PostgreSQL text cannot store it, and no provider means anything by it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">It is missing or null.</exception>
    /// <exception cref="FormatException">It is not a string.</exception>
    public static string RequiredText(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind == JsonValueKind.String
            ? WithoutNul(value.GetString()!)
            : throw new FormatException($"'{name}' is not a string.");
    }

    /// <summary>Like <see cref="RequiredText"/>, but <see langword="null"/> when absent, null or not a string.</summary>
    public static string? OptionalText(this JsonElement element, string name) =>
        element.OptionalString(name) is { } text ? WithoutNul(text) : null;

    /// <summary>The member <paramref name="name"/> as a pull request or merge request number: an integer from 1 to <see cref="int.MaxValue"/>.</summary>
    /// <exception cref="KeyNotFoundException">It is missing or null.</exception>
    /// <exception cref="FormatException">It is not such a number.</exception>
    public static int PositiveNumber(this JsonElement element, string name)
    {
        var value = element.Required(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 1
            ? number
            : throw new FormatException($"'{name}' must be a number from 1 to {int.MaxValue}, not {Quote(value.GetRawText())}.");
    }

    /// <summary>
    /// The member <paramref name="name"/> as a git object id: 40 hex characters (SHA-1) or 64 (SHA-256 repositories), returned
    /// in lower case; <see langword="null"/> when absent or null.
    /// </summary>
    /// <exception cref="FormatException">It is present but not an object id.</exception>
    public static string? OptionalObjectId(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return IsObjectId(text)
            ? text.ToLowerInvariant()
            : throw new FormatException($"'{name}' must be a git object id (40 or 64 hex characters), not {Quote(text)}.");
    }

    /// <summary>Like <see cref="OptionalObjectId"/>, but the member must be present.</summary>
    /// <exception cref="KeyNotFoundException">It is missing or null.</exception>
    /// <exception cref="FormatException">It is not an object id.</exception>
    public static string RequiredObjectId(this JsonElement element, string name) =>
        element.OptionalObjectId(name) ?? throw new KeyNotFoundException($"'{name}' is missing.");

    /// <summary>Whether <paramref name="text"/> is a git object id: 40 (SHA-1) or 64 (SHA-256) hex characters.</summary>
    public static bool IsObjectId(string text) =>
        text is { Length: 40 or 64 } && text.All(char.IsAsciiHexDigit);

    /// <summary>Removes NUL characters, which PostgreSQL text cannot hold.</summary>
    public static string WithoutNul(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;
    }

    /// <summary>At most 40 characters of a value, for messages about it.</summary>
    private static string Quote(string value) => $"'{TextRules.Excerpt(value, 40)}'";

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
                    commit.RequiredObjectId("id"),
                    commit.RequiredText("message"),
                    author.OptionalText("name"),
                    author.OptionalText("email"),
                    commit.Required("timestamp").Timestamp()));
            }
        }

        return commits;
    }
}
