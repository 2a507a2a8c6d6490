using System.Text.Json.Nodes;
using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IPullRequestStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryPullRequestStore"/> in <c>Bob.Git.Tests</c>): the same reports in any
/// order give the same row; a change a person sees is a session event, one they do not see is stored silently; linking,
/// merging and closing a session's pull request tell the observers once; users see the pull requests of remotes they
/// registered; commits are kept once per remote and sha; and one head is locked by one caller at a time.
/// </summary>
public abstract class PullRequestStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The observer the store under test must tell (its rows are <see cref="ObserverSource"/>).</summary>
    protected static readonly IPullRequestSessionObserver Observer = new RecordingObserver();

    /// <summary>The outbox source of <see cref="Observer"/>'s rows.</summary>
    protected const string ObserverSource = "contract-observer";

    /// <summary>The store under test, telling <see cref="Observer"/>.</summary>
    protected abstract IPullRequestStore Store { get; }

    /// <summary>The repositories over the same data.</summary>
    protected abstract IRepositoryStore Repositories { get; }

    /// <summary>The sessions over the same data.</summary>
    protected abstract ISessionStore Sessions { get; }

    /// <summary>The session events over the same data.</summary>
    protected abstract ISessionEventStream Events { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    /// <summary>The delivery ids of the outbox rows queued under <see cref="ObserverSource"/> for <paramref name="pullRequestId"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> ObserverRowsAsync(Guid pullRequestId);

    private async Task<Repository> RepositoryAsync(Guid? user = null, string? name = null) =>
        await Repositories.AddAsync(user ?? await UserAsync(), "web", RemoteUrlParser.Default.Parse($"https://github.com/acme/{name ?? "web" + Guid.NewGuid().ToString("N")[..8]}"), null);

    private static PullRequestInfo Report(Repository repository, int number = 7, string title = "Fix login", PullRequestStatus status = PullRequestStatus.Draft, int minutes = 0, string? sha = null, string head = "bob/fix") =>
        new(repository.Remote, number, title, "Body", head, "main", sha ?? new string('a', 40), status, $"https://github.com/{repository.Remote.Owner}/{repository.Remote.Name}/pull/{number}", T0.AddMinutes(minutes), status == PullRequestStatus.Merged ? T0.AddMinutes(minutes) : null);

    [Fact]
    public async Task TheSameReportsInAnyOrder_GiveTheSameRow()
    {
        var orders = new[] { new[] { 0, 1, 2 }, [2, 1, 0], [1, 2, 0], [2, 0, 1] };
        var results = new List<(string, PullRequestStatus, string?)>();
        foreach (var order in orders)
        {
            var repository = await RepositoryAsync();
            var reports = new[] { Report(repository, minutes: 0), Report(repository, title: "Fix login (v2)", status: PullRequestStatus.Open, minutes: 5, sha: new string('b', 40)), Report(repository, title: "Fix login (v2)", status: PullRequestStatus.Merged, minutes: 9, sha: new string('b', 40)) };
            Guid id = default;
            foreach (var i in order)
            {
                id = (await Store.ApplyAsync(repository, reports[i])).PullRequestId;
            }

            var row = (await Store.GetAsync(repository.UserId, id))!;
            results.Add((row.Title, row.Status, row.HeadSha));
        }

        Assert.All(results, r => Assert.Equal(("Fix login (v2)", PullRequestStatus.Merged, (string?)new string('b', 40)), r));
    }

    [Fact]
    public async Task AnOlderReport_ChangesNothing_AndTheSameReportTwice_ChangesNothingTheSecondTime()
    {
        var repository = await RepositoryAsync();

        var newer = await Store.ApplyAsync(repository, Report(repository, title: "New", minutes: 5));
        var older = await Store.ApplyAsync(repository, Report(repository, title: "Old", minutes: 1));
        var again = await Store.ApplyAsync(repository, Report(repository, title: "New", minutes: 5));

        Assert.Equal((true, false, false), (newer.Changed, older.Changed, again.Changed));
        Assert.Equal(newer.PullRequestId, older.PullRequestId);
        Assert.Equal("New", (await Store.GetAsync(repository.UserId, newer.PullRequestId))!.Title);
    }

    [Fact]
    public async Task ALinkedPullRequest_TellsItsSession_WhatAPersonSees_AndNothingElse()
    {
        var repository = await RepositoryAsync();
        var session = await Sessions.CreateAsync(repository.UserId, repository.Id, null);
        var id = (await Store.ApplyAsync(repository, Report(repository))).PullRequestId;

        Assert.True(await Store.LinkSessionAsync(id, session.Id));
        Assert.False(await Store.LinkSessionAsync(id, session.Id));
        var quiet = await Store.ApplyAsync(repository, Report(repository, minutes: 1)); // only updated_at moved: a label, say
        var opened = await Store.ApplyAsync(repository, Report(repository, status: PullRequestStatus.Open, minutes: 2));
        var merged = await Store.ApplyAsync(repository, Report(repository, status: PullRequestStatus.Merged, minutes: 3));

        Assert.Equal((true, false), (quiet.Changed, quiet.VisibleChange));
        Assert.Equal((true, true, (Guid?)session.Id), (opened.VisibleChange, merged.VisibleChange, merged.SessionId));
        var events = await Events.ReadAfterAsync(session.Id, 0);
        Assert.Equal([SessionEventKinds.PullRequestCreated, SessionEventKinds.ForPullRequest(PullRequestStatus.Open), SessionEventKinds.ForPullRequest(PullRequestStatus.Merged)], events.Select(e => e.Kind));
        Assert.Equal((id.ToString(), 7, "merged"), (events[2].Payload.GetProperty("pullRequestId").GetString(), events[2].Payload.GetProperty("number").GetInt32(), events[2].Payload.GetProperty("status").GetString()));
        Assert.Equal([$"{id}:linked", $"{id}:merged", $"{id}:ready"], (await ObserverRowsAsync(id)).Order(StringComparer.Ordinal)); // the draft was marked ready
        Assert.Equal(PullRequestStatus.Merged, (await Store.GetAsync(repository.UserId, id))!.Status);
    }

    [Fact]
    public async Task APullRequest_IsSeenByTheUsersWhoRegisteredItsRemote_ThroughTheirOwnRegistration()
    {
        var name = $"shared{Guid.NewGuid():N}"[..20];
        var mine = await RepositoryAsync(name: name);
        var theirs = await RepositoryAsync(name: name.ToUpperInvariant());
        var stranger = await UserAsync();
        var id = (await Store.ApplyAsync(mine, Report(mine))).PullRequestId;

        Assert.Equal(mine.Id, (await Store.GetAsync(mine.UserId, id))!.RepositoryId);
        Assert.Equal(theirs.Id, (await Store.GetAsync(theirs.UserId, id))!.RepositoryId);
        Assert.Null(await Store.GetAsync(stranger, id));
        Assert.Empty(await Store.ListAsync(stranger, new PullRequestFilter(), 10, null));
    }

    [Fact]
    public async Task TheOpenPullRequestOfAHead_IsTheNewestOpenOne()
    {
        var repository = await RepositoryAsync();
        await Store.ApplyAsync(repository, Report(repository, number: 1, status: PullRequestStatus.Closed));
        await Store.ApplyAsync(repository, Report(repository, number: 2, status: PullRequestStatus.Open));
        await Store.ApplyAsync(repository, Report(repository, number: 3, head: "other"));

        Assert.Equal(2, (await Store.FindOpenByHeadAsync(repository.UserId, repository.Remote, "bob/fix"))!.Number);
        Assert.Null(await Store.FindOpenByHeadAsync(repository.UserId, repository.Remote, "bob/none"));
    }

    [Fact]
    public async Task Lists_AreFilteredAndPaged_NewestFirst()
    {
        var repository = await RepositoryAsync();
        var other = await RepositoryAsync(repository.UserId);
        var session = await Sessions.CreateAsync(repository.UserId, repository.Id, null);
        var ids = new List<Guid>();
        for (var n = 1; n <= 5; n++)
        {
            ids.Add((await Store.ApplyAsync(repository, Report(repository, number: n, status: n % 2 == 0 ? PullRequestStatus.Open : PullRequestStatus.Draft, head: $"h{n}"))).PullRequestId);
        }

        await Store.ApplyAsync(other, Report(other, number: 1));
        await Store.LinkSessionAsync(ids[0], session.Id);

        var first = await Store.ListAsync(repository.UserId, new PullRequestFilter(repository.Remote), 3, null);
        var rest = await Store.ListAsync(repository.UserId, new PullRequestFilter(repository.Remote), 3, new PageKey(first[^1].CreatedAt, first[^1].Id));

        Assert.Equal(ids.AsEnumerable().Reverse(), first.Concat(rest).Select(p => p.Id));
        Assert.Equal([4, 2], (await Store.ListAsync(repository.UserId, new PullRequestFilter(repository.Remote, Status: PullRequestStatus.Open), 10, null)).Select(p => p.Number));
        Assert.Equal([ids[0]], (await Store.ListAsync(repository.UserId, new PullRequestFilter(SessionId: session.Id), 10, null)).Select(p => p.Id));
        Assert.Equal(6, (await Store.ListAsync(repository.UserId, new PullRequestFilter(), 10, null)).Count);
    }

    [Fact]
    public async Task Commits_AreKeptOncePerSha_WithThePullRequestOfTheirBranch_AndBobsMarked()
    {
        var repository = await RepositoryAsync();
        var session = await Sessions.CreateAsync(repository.UserId, repository.Id, null);
        var id = (await Store.ApplyAsync(repository, Report(repository))).PullRequestId;
        var pushed = new CommitInfo(new string('c', 40), "Push", "Ana", "ana@example.com", T0.AddMinutes(1));
        var bobs = new CommitInfo(new string('D', 40), "Bob's", "Bob", null, T0.AddMinutes(2));

        Assert.Equal(1, await Store.AddCommitsAsync(repository, "bob/fix", [pushed, new CommitInfo("not-a-sha", "x", null, null, T0)]));
        await Store.AddCommitsAsync(repository, "bob/fix", [pushed]);
        await Store.AddPullRequestCommitsAsync(repository, id, session.Id, [bobs]);
        await Store.AddCommitsAsync(repository, "main", [bobs with { Sha = bobs.Sha.ToLowerInvariant() }]);

        var commits = await Store.ListCommitsAsync(repository.Remote, 10);
        Assert.Equal([(new string('d', 40), true, (Guid?)id, (int?)7), (new string('c', 40), false, id, 7)], commits.Select(c => (c.Sha, c.IsBobCommit, c.PullRequestId, c.PullRequestNumber)));
    }

    [Fact]
    public async Task AHead_IsLockedByOneCallerAtATime()
    {
        var repository = await RepositoryAsync();
        var first = await Store.LockHeadAsync(repository.Remote, "bob/fix");

        var second = Store.LockHeadAsync(repository.Remote, "bob/fix");
        var otherHead = await Store.LockHeadAsync(repository.Remote, "bob/other");
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using (await second.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            await otherHead.DisposeAsync();
        }
    }

    [Fact]
    public async Task APullRequest_IsFoundByItsNumber_WithItsSession_WhateverTheRemotesCase()
    {
        var repository = await RepositoryAsync();
        var session = await Sessions.CreateAsync(repository.UserId, repository.Id, null);
        var id = (await Store.ApplyAsync(repository, Report(repository))).PullRequestId;
        var upper = new RemoteRepositoryIdentity(repository.Remote.Instance, repository.Remote.Owner.ToUpperInvariant(), repository.Remote.Name.ToUpperInvariant());

        Assert.Equal((id, (Guid?)null), await Store.FindByNumberAsync(upper, 7));
        await Store.LinkSessionAsync(id, session.Id);
        Assert.Equal((id, (Guid?)session.Id), await Store.FindByNumberAsync(repository.Remote, 7));
        Assert.Null(await Store.FindByNumberAsync(repository.Remote, 8));
    }

    [Fact]
    public async Task ATaskLink_IsKeptOnThePullRequest()
    {
        var repository = await RepositoryAsync();
        var id = (await Store.ApplyAsync(repository, Report(repository))).PullRequestId;

        Assert.True(await Store.LinkTaskAsync(id, "tsk_1"));
        Assert.False(await Store.LinkTaskAsync(Guid.NewGuid(), "tsk_1"));
        Assert.Equal("tsk_1", (await Store.GetAsync(repository.UserId, id))!.KanbangerTaskId);
    }

    private sealed class RecordingObserver : IPullRequestSessionObserver
    {
        public IReadOnlyList<OutboxMessage> Changed(PullRequestSessionChange change) =>
            [new OutboxMessage(ObserverSource, $"{change.PullRequestId}:{change.Change}", "pull_request", new JsonObject { ["userId"] = change.UserId.ToString() })];
    }

    [Fact]
    public async Task ThePullRequestsOfAHead_AreTheOpenOnesWithThatSha_WithTheirSessions()
    {
        var repository = await RepositoryAsync();
        var sha = new string('e', 40);
        var open = await Store.ApplyAsync(repository, Report(repository, 7, sha: sha));
        await Store.ApplyAsync(repository, Report(repository, 8, sha: sha, status: PullRequestStatus.Closed, head: "bob/old"));
        await Store.ApplyAsync(repository, Report(repository, 9, sha: new string('f', 40), head: "bob/other"));
        var session = await Sessions.CreateAsync(repository.UserId, repository.Id, "Checks");
        await Store.LinkSessionAsync(open.PullRequestId, session.Id);

        var found = await Store.FindByHeadShaAsync(repository.Remote, sha);

        Assert.Equal([(open.PullRequestId, (Guid?)session.Id)], found);
        Assert.Empty(await Store.FindByHeadShaAsync(repository.Remote, new string('0', 40)));
    }
}
