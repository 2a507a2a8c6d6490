namespace Bob.Git.Abstractions;

/// <summary>
/// git's rules for a branch name, as <c>git check-ref-format --branch</c> applies them (git-check-ref-format(1)), checked
/// in process before a name reaches git or a provider's API: no component that starts with <c>.</c> or ends with
/// <c>.lock</c>; no <c>..</c>, <c>@{</c>, <c>\</c>, space, control character, <c>~ ^ : ? * [</c>; no leading, trailing or
/// doubled <c>/</c>; no trailing <c>.</c>; not <c>HEAD</c>, not starting with <c>-</c>. Bob also caps the length at
/// <see cref="MaxLength"/> characters. A name that passes is accepted by git (a test compares the two on generated names).
/// </summary>
public static class GitBranchName
{
    /// <summary>The longest branch name taken (providers' own limits are near it: GitHub's refs are at most 255 bytes).</summary>
    public const int MaxLength = 255;

    /// <summary>Whether <paramref name="name"/> is a valid branch name.</summary>
    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '-' || name == "HEAD"
            || name[0] == '/' || name[^1] == '/' || name[^1] == '.'
            || name.Contains("..", StringComparison.Ordinal) || name.Contains("@{", StringComparison.Ordinal) || name.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c <= ' ' || c == '\u007f' || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\'
                || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[++i]))))
            {
                return false;
            }
        }

        foreach (var component in name.Split('/'))
        {
            if (component.StartsWith('.') || component.EndsWith(".lock", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <paramref name="name"/> trimmed, when it is a valid branch name; otherwise a <see cref="BobValidationException"/> naming
    /// <paramref name="field"/>.
    /// </summary>
    /// <exception cref="BobValidationException">Not a valid branch name.</exception>
    public static string Require(string? name, string field)
    {
        var trimmed = (name ?? "").Trim();
        return IsValid(trimmed)
            ? trimmed
            : throw new BobValidationException(field, $"{field} is a git branch name of 1 to {MaxLength} characters (git check-ref-format --branch: no spaces, '..', '~', '^', ':', '?', '*', '[', '\\', '@{{', control characters, leading '-', or a component starting with '.' or ending with '.lock').");
    }
}
