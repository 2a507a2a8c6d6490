using System.Text.Json;
using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="ISessionStore"/> and <see cref="ISessionEventStream"/> must do, run against each implementation
/// (PostgreSQL in <c>Bob.Postgres.Tests</c>, <see cref="InMemorySessionStore"/> in <c>Bob.Git.Tests</c>): sessions and
/// worktrees seen only by their user, newest first in pages that neither skip nor repeat, branches taken per repository,
/// events numbered from 1 per session, append-once keys appended once, a missing session refused, and subscribers given
/// what was appended before and after they came.
/// </summary>
public abstract class SessionStoreContract
{
    /// <summary>The session store under test.</summary>
    protected abstract ISessionStore Sessions { get; }

    /// <summary>The event stream over the same sessions.</summary>
    protected abstract ISessionEventStream Events { get; }

    /// <summary>A new Bob user's id.</summary>
    protected abstract Task<Guid> UserAsync();

    /// <summary>A new repository registered by <paramref name="userId"/>.</summary>
    protected abstract Task<Guid> RepositoryAsync(Guid userId);

    /// <summary>The delivery ids of the outbox rows queued under <paramref name="source"/> whose id starts with <paramref name="prefix"/>, oldest first.</summary>
    protected abstract Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix);

    private static JsonElement Payload(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task ASession_IsSeenByItsUserOnly()
    {
        var user = await UserAsync();
        var other = await UserAsync();
        var repository = await RepositoryAsync(user);

        var session = await Sessions.CreateAsync(user, repository, "Fix login");

        Assert.Equal(session, await Sessions.GetAsync(user, session.Id));
        Assert.Equal((user, (Guid?)repository, "Fix login"), (session.UserId, session.RepositoryId, session.Title));
        Assert.Null(await Sessions.GetAsync(other, session.Id));
        Assert.Empty(await Sessions.ListAsync(other, 10, null));
    }

    [Fact]
    public async Task Pages_AreNewestFirst_AndNeitherSkipNorRepeat()
    {
        var user = await UserAsync();
        var made = new List<Session>();
        for (var i = 0; i < 7; i++)
        {
            made.Add(await Sessions.CreateAsync(user, null, $"s{i}"));
        }

        var seen = new List<Session>();
        PageKey? after = null;
        while (true)
        {
            var page = await Sessions.ListAsync(user, 3, after);
            seen.AddRange(page);
            if (page.Count < 3)
            {
                break;
            }

            after = new PageKey(page[^1].CreatedAt, page[^1].Id);
        }

        Assert.Equal(made.AsEnumerable().Reverse().Select(s => s.Id), seen.Select(s => s.Id));
    }

    [Fact]
    public async Task AWorktree_TakesItsBranchInItsRepository_AndIsSeenByItsUserOnly()
    {
        var user = await UserAsync();
        var repository = await RepositoryAsync(user);
        var session = await Sessions.CreateAsync(user, repository, null);
        var branch = $"bob/{Guid.NewGuid():N}/fix";

        var stored = await Sessions.AddWorktreeAsync(new Worktree(Guid.NewGuid(), user, repository, session.Id, "/tmp/w", branch, "main", new string('a', 40), DateTimeOffset.UnixEpoch));

        Assert.True(await Sessions.IsBranchTakenAsync(repository, branch));
        Assert.False(await Sessions.IsBranchTakenAsync(repository, branch + "-2"));
        Assert.False(await Sessions.IsBranchTakenAsync(await RepositoryAsync(user), branch));
        Assert.Equal((branch, "main", session.Id), ((await Sessions.GetWorktreeAsync(user, stored.Id))!.Branch, stored.BaseBranch, stored.SessionId));
        Assert.Null(await Sessions.GetWorktreeAsync(await UserAsync(), stored.Id));
        Assert.Equal([stored.Id], (await Sessions.ListWorktreesAsync(user, session.Id)).Select(w => w.Id));
    }

    [Fact]
    public async Task Events_AreNumberedFromOnePerSession_AndReadInOrder()
    {
        var user = await UserAsync();
        var a = await Sessions.CreateAsync(user, null, null);
        var b = await Sessions.CreateAsync(user, null, null);

        Assert.Equal(1, await Events.AppendAsync(a.Id, "message", Payload("""{"text":"one"}""")));
        Assert.Equal(2, await Events.AppendAsync(a.Id, "message"));
        Assert.Equal(1, await Events.AppendAsync(b.Id, "message"));

        var read = await Events.ReadAfterAsync(a.Id, 0);
        Assert.Equal([(1L, "message"), (2L, "message")], read.Select(e => (e.Sequence, e.Kind)));
        Assert.Equal("one", read[0].Payload.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Object, read[1].Payload.ValueKind);
        Assert.Equal([2L], (await Events.ReadAfterAsync(a.Id, 1)).Select(e => e.Sequence));
        Assert.Single(await Events.ReadAfterAsync(a.Id, 0, limit: 1));
    }

    [Fact]
    public async Task AnAppendOnceKey_IsAppendedOnce_EvenConcurrently()
    {
        var session = await Sessions.CreateAsync(await UserAsync(), null, null);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Events.AppendOnceAsync(session.Id, "reply", "comment-1", Payload("""{"body":"v2"}"""))));

        Assert.Single(results, r => r.Appended);
        Assert.All(results, r => Assert.Equal(1, r.Sequence));
        Assert.Single(await Events.ReadAfterAsync(session.Id, 0));
        Assert.Equal((2L, true), await Events.AppendOnceAsync(session.Id, "reply", "comment-2"));
    }

    [Fact]
    public async Task AnEventsEffects_AreQueuedWithIt_OnceThoughAppended50TimesAtOnce_AndNotForAMissingSession()
    {
        var session = await Sessions.CreateAsync(await UserAsync(), null, null);
        var prefix = $"{session.Id:N}:";
        OutboxMessage[] effects = [new("contract-effects", prefix + "agent", "agent.feedback", new() { ["body"] = "v2" }), new("contract-effects", prefix + "reaction", "review.reaction", [])];

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Events.AppendOnceWithEffectsAsync(session.Id, "review.comment", "comment:21", Payload("""{"body":"v2"}"""), effects)));
        await Assert.ThrowsAsync<BobNotFoundException>(() => Events.AppendOnceWithEffectsAsync(Guid.NewGuid(), "review.comment", "comment:21", null, [new("contract-effects", prefix + "lost", "x", [])]));

        Assert.Single(results, r => r.Appended);
        Assert.Single(await Events.ReadAfterAsync(session.Id, 0));
        Assert.Equal([prefix + "agent", prefix + "reaction"], (await QueuedAsync("contract-effects", prefix)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnEventForAMissingSession_IsNotFound_AndAPayloadMustBeAnObject()
    {
        var missing = await Assert.ThrowsAsync<BobNotFoundException>(() => Events.AppendAsync(Guid.NewGuid(), "message"));
        Assert.Equal(BobErrorKind.NotFound, missing.Kind);
        await Assert.ThrowsAsync<BobNotFoundException>(() => Events.AppendOnceAsync(Guid.NewGuid(), "message", "k"));

        var session = await Sessions.CreateAsync(await UserAsync(), null, null);
        await Assert.ThrowsAsync<ArgumentException>(() => Events.AppendAsync(session.Id, "message", Payload("[1]")));
    }

    [Fact]
    public async Task ASubscriber_GetsWhatCameBefore_AndWhatIsAppendedWhileItWaits()
    {
        var session = await Sessions.CreateAsync(await UserAsync(), null, null);
        await Events.AppendAsync(session.Id, "first");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();

        var reading = Task.Run(async () =>
        {
            await foreach (var item in Events.SubscribeAsync(session.Id, 0, timeout.Token))
            {
                seen.Add(item.Kind);
                if (seen.Count == 3)
                {
                    break;
                }
            }
        });
        await Events.AppendAsync(session.Id, "second");
        await Events.AppendAsync(session.Id, "third");
        await reading;

        Assert.Equal(["first", "second", "third"], seen);
    }
}
