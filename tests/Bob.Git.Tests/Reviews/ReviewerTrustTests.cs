using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bob.Git.Tests.Reviews;

/// <summary>
/// Who steers the agent: an author the provider says may write, asked through the repository's connection, with the
/// answer reused for at most five minutes per remote and author; without a connection, nobody.
/// </summary>
public sealed class ReviewerTrustTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly InMemoryGitProvider _forge = new();
    private readonly ReviewerTrust _trust;

    public ReviewerTrustTests() => _trust = new(_forge, _clock, NullLogger<ReviewerTrust>.Instance);

    private static Repository Repository(Guid? connection = null, string name = "web") =>
        new(Guid.NewGuid(), Guid.NewGuid(), "web", $"https://github.com/acme/{name}.git", RemoteUrlParser.Default.Parse($"https://github.com/acme/{name}").Identity, connection ?? Guid.NewGuid(), DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task AWriter_IsTrusted_AndAnyoneElseIsNot()
    {
        _forge.Writers.Add("ana");
        var repository = Repository();

        Assert.True(await _trust.IsTrustedAsync(repository, "ana", "7"));
        Assert.False(await _trust.IsTrustedAsync(repository, "mallory", "666"));
        Assert.Equal((repository.UserId, repository.ConnectionId!.Value), _forge.ClientsCreated[0]);
    }

    [Fact]
    public async Task AnAnswer_IsReusedForFiveMinutes_ThenAskedAgain()
    {
        var repository = Repository();

        Assert.False(await _trust.IsTrustedAsync(repository, "ana", "7"));
        _forge.Writers.Add("ana"); // given write access meanwhile
        _clock.Advance(ReviewerTrust.CacheLifetime - TimeSpan.FromSeconds(1));
        Assert.False(await _trust.IsTrustedAsync(repository, "ana", "7"));
        Assert.Equal(1, _forge.PermissionChecks);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await _trust.IsTrustedAsync(repository, "ana", "7"));
        Assert.Equal(2, _forge.PermissionChecks);
    }

    [Fact]
    public async Task AnswersAreKeptPerRemoteAndAuthor()
    {
        _forge.Writers.Add("ana");

        await _trust.IsTrustedAsync(Repository(name: "web"), "ana", "7");
        await _trust.IsTrustedAsync(Repository(name: "api"), "ana", "7");
        await _trust.IsTrustedAsync(Repository(name: "web"), "ben", "8");

        Assert.Equal(3, _forge.PermissionChecks);
    }

    [Fact]
    public async Task WithoutAConnection_NobodyIsTrusted_AndTheProviderIsNotAsked()
    {
        _forge.Writers.Add("ana");
        var repository = Repository() with { ConnectionId = null };

        Assert.False(await _trust.IsTrustedAsync(repository, "ana", "7"));
        Assert.Equal(0, _forge.PermissionChecks);
    }
}
