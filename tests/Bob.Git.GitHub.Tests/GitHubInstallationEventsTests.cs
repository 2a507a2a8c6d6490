using Bob.Git.Abstractions;

namespace Bob.Git.GitHub.Tests;

/// <summary>GitHub's own <c>installation</c> and <c>installation_repositories</c> examples (Resources/github/SOURCE.md) read into installation events.</summary>
public sealed class GitHubInstallationEventsTests
{
    [Fact]
    public void Created_CarriesTheAccount_TheSelection_AndTheRepositories()
    {
        var e = GitHubInstallationEvents.Parse("installation", Fixtures.Bytes("installation.created.json"));

        Assert.Equal((GitInstance.GitHubCom, 957387L, "created", "Codertocat", false), (e.Instance, e.InstallationId, e.Action, e.Account, e.AllRepositories));
        Assert.Equal(["Codertocat/Hello-World"], e.Repositories);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1557933591), e.UpdatedAt); // Unix seconds in this example
        Assert.Null(e.SuspendedAt);
    }

    [Fact]
    public void Suspend_CarriesItsSuspensionAndUpdatedAt_InIso8601()
    {
        var suspend = GitHubInstallationEvents.Parse("installation", Fixtures.Bytes("installation.suspend.json"));
        var unsuspend = GitHubInstallationEvents.Parse("installation", Fixtures.Bytes("installation.unsuspend.json"));

        Assert.Equal(DateTimeOffset.Parse("2021-04-29T02:32:50Z", System.Globalization.CultureInfo.InvariantCulture), suspend.SuspendedAt);
        Assert.Equal(DateTimeOffset.Parse("2021-04-29T02:32:50Z", System.Globalization.CultureInfo.InvariantCulture), suspend.UpdatedAt);
        Assert.True(suspend.AllRepositories);
        Assert.Null(unsuspend.SuspendedAt);
    }

    [Fact]
    public void RepositoriesAddedAndRemoved_AreListedByFullName()
    {
        var added = GitHubInstallationEvents.Parse("installation_repositories", Fixtures.Bytes("installation_repositories.added.json"));
        var removed = GitHubInstallationEvents.Parse("installation_repositories", Fixtures.Bytes("installation_repositories.removed.json"));

        Assert.Equal("added", added.Action);
        Assert.Equal(["Codertocat/Space"], added.Added);
        Assert.Empty(added.Removed);
        Assert.Null(added.Repositories);
        Assert.Equal("removed", removed.Action);
        Assert.NotEmpty(removed.Removed);
    }

    [Fact]
    public void AnEnterpriseServerDelivery_IsForThatInstance()
    {
        var e = GitHubInstallationEvents.Parse("installation", Fixtures.Bytes("ghes.installation.created.json"));

        Assert.Equal("https://octocoders.github.io", e.Instance.InstanceUrl);
    }

    [Theory]
    [InlineData("""{"action":"created","installation":{"id":"1","account":{"login":"a","html_url":"https://github.com/a"}}}""")]
    [InlineData("""{"action":"created","installation":{"id":1,"account":{"login":"a","html_url":"javascript:alert(1)"}}}""")]
    [InlineData("""{"action":"created"}""")]
    public void AMalformedDelivery_IsAFormatException(string payload) =>
        Assert.Throws<FormatException>(() => GitHubInstallationEvents.Parse("installation", System.Text.Encoding.UTF8.GetBytes(payload)));
}
