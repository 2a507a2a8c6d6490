using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Bob.Git.Abstractions;

/// <summary>
/// Builds session branch names <c>bob/{sessionIdShort}/{slug}</c> (plan 5.2): the first 8 hex digits of the session id and
/// a slug of the title, always a valid ref name by <c>git check-ref-format</c>.
/// </summary>
public static class SessionBranchName
{
    /// <summary>The longest slug kept, so branch names stay readable in provider UIs.</summary>
    public const int MaxSlugLength = 48;

    /// <summary>Builds the branch name for a session and a task title.</summary>
    /// <param name="sessionId">The session (chat conversation) id.</param>
    /// <param name="title">The task title, any text; letters are folded to ASCII where possible, everything else becomes hyphens.</param>
    public static string Create(Guid sessionId, string? title) =>
        $"bob/{sessionId.ToString("N", CultureInfo.InvariantCulture)[..8]}/{Slugify(title)}";

    /// <summary>Turns text into a lower-case ASCII slug of letters, digits and single hyphens; <c>task</c> when nothing is left.</summary>
    public static string Slugify(string? text)
    {
        var builder = new StringBuilder(MaxSlugLength);
        var pendingHyphen = false;
        foreach (var c in Fold(text ?? ""))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                pendingHyphen = false;
                builder.Append(char.ToLowerInvariant(c));
                if (builder.Length >= MaxSlugLength)
                {
                    break;
                }
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString().TrimEnd('-');
        return slug.Length == 0 ? "task" : slug;
    }

    // Folds Latin letters with diacritics to ASCII by table: Unicode normalization is unavailable under
    // InvariantGlobalization (common in containers), and a branch name must not depend on the host's ICU.
    private static readonly FrozenDictionary<char, string> Folds = BuildFolds();

    private static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(Folds.TryGetValue(c, out var folded) ? folded : c);
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, string> BuildFolds()
    {
        string[] table =
        [
            "a:àáâãäåāăąǎ", "c:çćĉċč", "d:ďđð", "e:èéêëēĕėęě", "g:ĝğġģ", "h:ĥħ", "i:ìíîïĩīĭįı", "j:ĵ", "k:ķ",
            "l:ĺļľŀł", "n:ñńņňŉ", "o:òóôõöøōŏő", "r:ŕŗř", "s:śŝşšș", "t:ţťŧț", "u:ùúûüũūŭůűų", "w:ŵ",
            "y:ýÿŷ", "z:źżž", "ss:ß", "ae:æ", "oe:œ", "th:þ",
        ];
        var map = new Dictionary<char, string>();
        foreach (var entry in table)
        {
            var ascii = entry[..entry.IndexOf(':', StringComparison.Ordinal)];
            foreach (var c in entry[(ascii.Length + 1)..])
            {
                map[c] = ascii;
                map[char.ToUpperInvariant(c)] = ascii;
            }
        }

        return map.ToFrozenDictionary();
    }
}
