namespace Bob.Tasks;

/// <summary>The gate's settings; the defaults are the plan's.</summary>
public sealed class TaskWorthinessOptions
{
    /// <summary>A diff is non-trivial with more changed lines than this (20)…</summary>
    public int MinChangedLines { get; set; } = 20;

    /// <summary>…or more changed files than this (2).</summary>
    public int MinChangedFiles { get; set; } = 2;

    /// <summary>Bullets the summary needs (2).</summary>
    public int MinSummaryBullets { get; set; } = 2;

    /// <summary>Words that make a title generic when it holds nothing else (besides ticket numbers and prefixes).</summary>
    public ISet<string> GenericWords { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "wip", "fix", "fixes", "fixed", "update", "updates", "updated", "change", "changes", "changed", "misc", "miscellaneous",
        "stuff", "things", "tweak", "tweaks", "cleanup", "clean", "up", "minor", "small", "various", "temp", "tmp", "test", "tests",
        "todo", "draft", "more", "some", "bug", "bugs", "bugfix", "issue", "issues", "code", "work", "commit", "patch", "edit", "edits",
    };

    /// <summary>Action verbs a title starts its purpose with.</summary>
    public ISet<string> ActionVerbs { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "feat", "add", "adds", "added", "fix", "fixes", "fixed", "remove", "removes", "removed", "delete", "drop", "update", "updates",
        "refactor", "refactors", "implement", "implements", "support", "supports", "handle", "handles", "migrate", "migrates",
        "rename", "renames", "replace", "replaces", "improve", "improves", "optimize", "optimise", "speed", "prevent", "prevents",
        "allow", "allows", "enable", "enables", "disable", "disables", "validate", "validates", "extract", "introduce", "introduces",
        "move", "moves", "split", "merge", "upgrade", "upgrades", "bump", "document", "documents", "expose", "cache", "retry",
        "log", "reject", "rejects", "limit", "limits", "show", "shows", "hide", "create", "creates", "make", "use", "switch",
        "avoid", "correct", "restore", "revert", "sort", "paginate", "encrypt", "parse", "build", "deploy", "test",
    };

    /// <summary>Words that are neither the verb nor a domain noun (articles, prepositions, ...).</summary>
    public ISet<string> StopWords { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "from", "by", "at", "as", "into", "when", "if",
        "is", "are", "be", "it", "its", "this", "that", "not", "no", "all", "new", "old",
    };
}
