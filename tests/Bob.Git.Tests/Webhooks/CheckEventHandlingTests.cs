using Bob.Git.Abstractions;
using Bob.Testing;

namespace Bob.Git.Tests.Webhooks;

/// <summary>
/// CI checks through the webhook handler over in-memory stores (issue 21): stored per head, and told to the session of the
/// pull request whose head they check once per state; a storm that changes nothing tells nothing, and checks of a commit
/// that is no pull request's head are stored and tell nobody.
/// </summary>
public sealed class CheckEventHandlingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Head = new('a', 40);
    private readonly Guid _user = Guid.NewGuid();
    private InMemoryBob _bob = null!;
    private Repository _repository = null!;
    private Guid _session;

    public async Task InitializeAsync()
    {
        _bob = InMemoryBob.Create();
        _repository = await _bob.RegisterAsync(_user, "https://github.com/acme/web");
        var change = await _bob.PullRequests.ApplyAsync(_repository, new PullRequestInfo(_repository.Remote, 7, "Fix login", null, "bob/fix", "main", Head, PullRequestStatus.Open, "https://github.com/acme/web/pull/7", T0, null));
        _session = (await _bob.Sessions.CreateAsync(_user, _repository.Id, "Fix login")).Id;
        await _bob.PullRequests.LinkSessionAsync(change.PullRequestId, _session);
    }

    public async Task DisposeAsync() => await _bob.DisposeAsync();

    private Task SayAsync(string name, CheckStatus status, CheckConclusion? conclusion = null, string? sha = null, int minutes = 0) =>
        _bob.Get<IEnumerable<IGitWebhookEventHandler>>().OfType<GitWebhookEventHandler>().Single().HandleAsync(new CheckWebhookEvent(
            _repository.Remote, "check_run", new CheckReport(CheckKind.CheckRun, name, sha ?? Head, status, conclusion, "", T0.AddMinutes(minutes), name == "lint" ? "1" : "2")));

    private IEnumerable<(string? State, string Failing)> Told() =>
        _bob.Sessions.EventsOf(_session).Where(e => e.Kind == SessionEventKinds.ChecksUpdated)
            .Select(e => (e.Payload.GetProperty("state").GetString(), string.Join(',', e.Payload.GetProperty("failing").EnumerateArray().Select(f => f.GetString()))));

    [Fact]
    public async Task AHeadsChecks_TellTheSessionOncePerState_AndARepeatTellsNothing()
    {
        await SayAsync("lint", CheckStatus.Queued);
        await SayAsync("test", CheckStatus.InProgress, minutes: 1);
        await SayAsync("lint", CheckStatus.Completed, CheckConclusion.Failure, minutes: 2);
        await SayAsync("lint", CheckStatus.Completed, CheckConclusion.Failure, minutes: 2); // delivered again
        await SayAsync("lint", CheckStatus.InProgress, minutes: 1); // late, and older

        Assert.Equal([("pending", ""), ("failure", "lint")], Told());
        Assert.Equal(2, (await _bob.Get<ICheckStore>().ListAsync(_repository.Remote, Head)).Count);
    }

    [Fact]
    public async Task ChecksOfACommitThatIsNoHead_AreStored_AndTellNobody()
    {
        var other = new string('b', 40);

        await SayAsync("lint", CheckStatus.Completed, CheckConclusion.Failure, sha: other);

        Assert.Empty(Told());
        Assert.True(Assert.Single(await _bob.Get<ICheckStore>().ListAsync(_repository.Remote, other)).IsFailing);
    }
}
