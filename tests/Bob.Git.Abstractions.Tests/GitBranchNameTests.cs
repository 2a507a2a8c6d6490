using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Bob.Git.Abstractions.Tests;

/// <summary>Issue 18.8: <see cref="GitBranchName"/> agrees with the real <c>git check-ref-format --branch</c>.</summary>
public sealed class GitBranchNameTests
{
    private static bool GitAccepts(string name)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add("check-ref-format");
        start.ArgumentList.Add("--branch");
        start.ArgumentList.Add(name);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = Process.Start(start)!;
        git.StandardOutput.ReadToEnd();
        git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0;
    }

    [Theory]
    [InlineData("main", true)]
    [InlineData("bob/1a2b3c4d/fix-login", true)]
    [InlineData("release/v1.2", true)]
    [InlineData("@", true)]
    [InlineData("a@b", true)]
    [InlineData("../../../repos/acme/web/pulls", false)]
    [InlineData("x?y=1#", false)]
    [InlineData("a..b", false)]
    [InlineData("main.lock", false)]
    [InlineData("a/.b", false)]
    [InlineData("HEAD", false)]
    [InlineData("-x", false)]
    [InlineData("a//b", false)]
    [InlineData("@{-1}", false)]
    [InlineData("a.", false)]
    public void KnownNames_AreJudgedAsGitJudgesThem(string name, bool valid)
    {
        Assert.Equal(valid, GitBranchName.IsValid(name));
        Assert.Equal(valid, GitAccepts(name));
    }

    [Fact]
    public void GeneratedNames_AreJudgedAsGitJudgesThem()
    {
        // Names built from the characters the rules are about, so most samples come near a rule.
        var alphabet = "ab/.-@{}~^:?*[\\ lock HEAD\t".ToCharArray();
        var names = Gen.Choose(1, 14).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet), n)).Select(chars => new string(chars));
        Prop.ForAll(names.ToArbitrary(), name => GitBranchName.IsValid(name) == GitAccepts(name))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
