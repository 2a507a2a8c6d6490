using System.Text.RegularExpressions;

namespace Bob.Tasks;

/// <summary>What the gate knows about a pull request (plan 5.3).</summary>
/// <param name="Repository">The repository (<c>owner/name</c>), if known.</param>
/// <param name="Branch">The head branch, if known.</param>
/// <param name="ChangedLines">Lines added plus lines removed.</param>
/// <param name="ChangedFiles">Files changed.</param>
/// <param name="FirstPush">Whether this is the branch's first push.</param>
/// <param name="PullRequestExists">Whether a pull request is open for it.</param>
/// <param name="Title">The pull request's (or the session's) title.</param>
/// <param name="Summary">Its description.</param>
public sealed record PullRequestContext(string? Repository, string? Branch, int ChangedLines, int ChangedFiles, bool FirstPush, bool PullRequestExists, string? Title, string? Summary);

/// <summary>The gate's decision, with a reason for each layer that decided it.</summary>
/// <param name="CreateTask">Whether a task should be created.</param>
/// <param name="Layer">The layer that refused (1 hard requirements, 2 lifecycle, 3 quality), or 0 when it passed.</param>
/// <param name="Reasons">Why, one line per check that failed (or that passed, when it passed).</param>
public sealed record TaskWorthinessDecision(bool CreateTask, int Layer, IReadOnlyList<string> Reasons);

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

/// <summary>
/// The three-layer gate of plan 5.3, a pure function: should a pull request without a task get a Kanbanger task?
/// <list type="number">
/// <item>Hard requirements: a repository, a branch, and a non-trivial diff (more than 20 changed lines or more than 2 files).</item>
/// <item>Lifecycle signal: the first push, or a pull request exists.</item>
/// <item>Quality: a title that is not generic (<c>WIP</c>, <c>fix</c>, <c>update</c>, <c>changes</c>, <c>misc</c> and kin, alone
/// or with only a ticket number), that has an action verb and a domain noun, and a summary with at least 2 bullets.</item>
/// </list>
/// Each layer is checked only when the one before passed; the decision says which refused and why.
/// </summary>
public static partial class TaskWorthinessGate
{
    /// <summary>Decides for <paramref name="context"/>.</summary>
    public static TaskWorthinessDecision Decide(PullRequestContext context, TaskWorthinessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = options ?? new TaskWorthinessOptions();

        var hard = new List<string>();
        if (string.IsNullOrWhiteSpace(context.Repository))
        {
            hard.Add("no repository");
        }

        if (string.IsNullOrWhiteSpace(context.Branch))
        {
            hard.Add("no branch");
        }

        if (context.ChangedLines <= o.MinChangedLines && context.ChangedFiles <= o.MinChangedFiles)
        {
            hard.Add($"trivial diff: {context.ChangedLines} lines in {context.ChangedFiles} files (needs more than {o.MinChangedLines} lines or more than {o.MinChangedFiles} files)");
        }

        if (hard.Count > 0)
        {
            return new(false, 1, hard);
        }

        if (!context.FirstPush && !context.PullRequestExists)
        {
            return new(false, 2, ["no lifecycle signal: not the first push and no pull request"]);
        }

        var quality = new List<string>();
        var words = TitleWords(context.Title);
        if (words.Count == 0 || words.All(o.GenericWords.Contains))
        {
            quality.Add($"generic title: '{Excerpt(context.Title)}'");
        }
        else
        {
            if (!words.Any(o.ActionVerbs.Contains))
            {
                quality.Add("the title has no action verb (add, fix, remove, refactor, ...)");
            }

            var nouns = words.Where(w => w.Length >= 3 && !o.ActionVerbs.Contains(w) && !o.GenericWords.Contains(w) && !o.StopWords.Contains(w)).ToArray();
            if (nouns.Length == 0)
            {
                quality.Add("the title names nothing the change is about (no domain noun)");
            }
        }

        var bullets = (context.Summary ?? "").Split('\n').Count(line => Bullet().IsMatch(line));
        if (bullets < o.MinSummaryBullets)
        {
            quality.Add($"the summary has {bullets} bullet{(bullets == 1 ? "" : "s")} (needs at least {o.MinSummaryBullets})");
        }

        return quality.Count > 0
            ? new(false, 3, quality)
            : new(true, 0, [$"non-trivial diff ({context.ChangedLines} lines, {context.ChangedFiles} files)", context.PullRequestExists ? "a pull request exists" : "first push", "specific title and a summary with bullets"]);
    }

    /// <summary>The title's words, without ticket numbers (<c>ABC-123</c>, <c>#12</c>), bracketed tags, or a conventional-commit scope (<c>feat(api):</c> reads as <c>feat</c>).</summary>
    private static List<string> TitleWords(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return [];
        }

        var text = ConventionalPrefix().Replace(title.Trim(), "$1 ");
        text = TicketNumber().Replace(text, " ");
        return [.. Word().Matches(text).Select(m => m.Value)];
    }

    private static string Excerpt(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^\s*(?:[-*+]|\d+[.)])\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?:\[[^\]]*\]\s*)*(?:(feat|fix|chore|docs|refactor|perf|test|build|ci|style|revert)(?:\([^)]*\))?!?:\s*)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ConventionalPrefix();

    [GeneratedRegex(@"\b[A-Z][A-Z0-9]+-\d+\b|#\d+\b|\b\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex TicketNumber();

    [GeneratedRegex(@"[\p{L}][\p{L}\p{N}'_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
