using Bob.Git.Abstractions;
using Bob.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

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

    [Fact]
    public async Task AHeadThatComesBackToAState_IsToldOncePerState_AndTheStoreHasWhereItIs()
    {
        await SayAsync("lint", CheckStatus.Completed, CheckConclusion.Success); // the only check so far: green for a moment
        await SayAsync("test", CheckStatus.Queued, minutes: 1);
        await SayAsync("test", CheckStatus.Completed, CheckConclusion.Success, minutes: 2);
        await SayAsync("test", CheckStatus.Completed, CheckConclusion.Success, minutes: 2); // delivered again

        Assert.Equal([("success", ""), ("pending", "")], Told());
        var (state, _) = CheckHeadState.Of(await _bob.Get<ICheckStore>().ListAsync(_repository.Remote, Head));
        Assert.Equal(CheckState.Success, state);
    }

    /// <summary>The conclusions of one to five check runs, and a seed to shuffle their deliveries with.</summary>
    private static readonly Gen<(CheckConclusion[] Conclusions, int Seed)> Lifecycles =
        from count in Gen.Choose(1, 5)
        from conclusions in Gen.ArrayOf(Gen.Elements(CheckConclusion.Success, CheckConclusion.Failure, CheckConclusion.Neutral, CheckConclusion.Skipped, CheckConclusion.Cancelled), count)
        from seed in ArbMap.Default.GeneratorFor<int>()
        select (conclusions, seed);

    [Property(MaxTest = 60)]
    public Property WhateverTheOrder_TheSessionHearsTheStateOfTheChecks_AndEachStateOnce() =>
        Prop.ForAll(Lifecycles.ToArbitrary(), lifecycle =>
        {
            // Each run queued, in progress and completed, every delivery twice, shuffled.
            var (conclusions, seed) = lifecycle;
            var finals = conclusions.Select((c, i) => new CheckReport(CheckKind.CheckRun, $"run {i}", Head, CheckStatus.Completed, c, "", T0.AddMinutes(2), $"{i + 1}")).ToList();
            var deliveries = finals.SelectMany(f => new[] { f with { Status = CheckStatus.Queued, Conclusion = null, At = T0 }, f with { Status = CheckStatus.InProgress, Conclusion = null, At = T0.AddMinutes(1) }, f })
                .SelectMany(r => new[] { r, r }).OrderBy(_ => 0).ToList();
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(deliveries));

            return Task.Run(async () =>
            {
                await using var bob = InMemoryBob.Create();
                var repository = await bob.RegisterAsync(_user, "https://github.com/acme/web");
                var change = await bob.PullRequests.ApplyAsync(repository, new PullRequestInfo(repository.Remote, 7, "Fix", null, "bob/fix", "main", Head, PullRequestStatus.Open, "https://github.com/acme/web/pull/7", T0, null));
                var session = (await bob.Sessions.CreateAsync(_user, repository.Id, "Fix")).Id;
                await bob.PullRequests.LinkSessionAsync(change.PullRequestId, session);
                var handler = bob.Get<IEnumerable<IGitWebhookEventHandler>>().OfType<GitWebhookEventHandler>().Single();
                foreach (var delivery in deliveries)
                {
                    await handler.HandleAsync(new CheckWebhookEvent(repository.Remote, "check_run", delivery));
                }

                var told = bob.Sessions.EventsOf(session).Where(e => e.Kind == SessionEventKinds.ChecksUpdated)
                    .Select(e => $"{e.Payload.GetProperty("state").GetString()} {string.Join(',', e.Payload.GetProperty("failing").EnumerateArray().Select(f => f.GetString()))}").ToList();
                // Told once per state (the failing names as they were when it turned): the state the checks end in among them.
                var states = told.Select(t => t.Split(' ')[0]).ToList();
                return states.Contains(CheckReport.RollUp(finals).ToWireName()) && states.Distinct().Count() == states.Count;
            }).GetAwaiter().GetResult();
        });
}
