using System.Text.RegularExpressions;

namespace Bob.Tasks;

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
