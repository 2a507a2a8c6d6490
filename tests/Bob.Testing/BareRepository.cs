using System.Diagnostics;

namespace Bob.Testing;

/// <summary>Reads a fake provider's bare repository with the real git, for answers that must match what was pushed.</summary>
public static class BareRepository
{
    /// <summary>The commit a branch points at.</summary>
    public static string Head(string bare, string branch) => Run("--git-dir", bare, "rev-parse", $"refs/heads/{branch}").Trim();

    /// <summary>The commits of <paramref name="head"/> beyond <paramref name="baseRef"/>, oldest first: sha, author, email, ISO date, subject.</summary>
    public static IReadOnlyList<(string Sha, string Author, string Email, string Date, string Subject)> Commits(string bare, string baseRef, string head) =>
        Run("--git-dir", bare, "log", "--reverse", "--format=%H%x1f%an%x1f%ae%x1f%cI%x1f%s", $"refs/heads/{baseRef}..refs/heads/{head}")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\x1f'))
            .Select(f => (f[0], f[1], f[2], f[3], f[4]))
            .ToArray();

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
