using Bob.Testing;
using FsCheck.Fluent;

namespace Bob.Git.Abstractions.Tests;

public sealed class SessionBranchNameTests
{
    private static readonly Guid Session = Guid.Parse("3f2c1b7e-9d41-4c55-8a0e-5b7c2d9e1f00");

    [Theory]
    [InlineData("Fix login redirect loop", "bob/3f2c1b7e/fix-login-redirect-loop")]
    [InlineData("  Über-große Änderung: café ", "bob/3f2c1b7e/uber-grosse-anderung-cafe")]
    [InlineData("feat/api..v2 @{x} ~^:?*[\\", "bob/3f2c1b7e/feat-api-v2-x")]
    [InlineData("", "bob/3f2c1b7e/task")]
    [InlineData("日本語のタイトル", "bob/3f2c1b7e/task")]
    [InlineData(".lock", "bob/3f2c1b7e/lock")]
    [InlineData("Søren's Œuvre: Łódź", "bob/3f2c1b7e/soren-s-oeuvre-lodz")]
    public void Create_GivesExpectedName(string title, string expected) =>
        Assert.Equal(expected, SessionBranchName.Create(Session, title));

    [Fact]
    public void Create_LongTitle_IsCutWithoutTrailingHyphen()
    {
        var name = SessionBranchName.Create(Session, string.Concat(Enumerable.Repeat("word ", 40)));

        var slug = name["bob/3f2c1b7e/".Length..];
        Assert.True(slug.Length <= SessionBranchName.MaxSlugLength);
        Assert.False(slug.EndsWith('-'));
    }

    [Fact]
    public async Task Create_ArbitraryTitles_AreValidRefNamesForRealGit()
    {
        // One git process per sample keeps this honest: the real check-ref-format decides.
        var titles = ArbMap.Default.GeneratorFor<string>().Sample(200).Append("Fix login redirect loop").Append("..").Append("a.lock");
        foreach (var title in titles)
        {
            var name = SessionBranchName.Create(Guid.NewGuid(), title);
            var (exitCode, output) = await GitCli.RunAsync("check-ref-format", "--branch", name);
            Assert.True(exitCode == 0, $"git rejected '{name}' for title '{title}': {output}");
        }
    }
}
