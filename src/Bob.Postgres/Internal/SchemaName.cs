using System.Text.RegularExpressions;

namespace Bob.Postgres.Internal;

/// <summary>The schema names Bob accepts: plain lower-case identifiers, which need no quoting anywhere.</summary>
internal static partial class SchemaName
{
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
