using Bob.Git.Abstractions;

namespace Bob.Testing;

/// <summary>
/// What every <see cref="IPullRequestFeedbackStore"/> must do, run against each implementation (PostgreSQL in
/// <c>Bob.Postgres.Tests</c>, <see cref="InMemoryPullRequestFeedbackStore"/> in <c>Bob.Git.Tests</c>): the reports of an item
/// in any order and any number of times leave its furthest one; a deletion or a dismissal is never undone; a thread's
/// resolution reaches its comments even when it comes first; items are listed oldest first per pull request.
/// </summary>
public abstract class PullRequestFeedbackStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The store under test.</summary>
    protected abstract IPullRequestFeedbackStore Store { get; }

    /// <summary>A pull request row replies can belong to.</summary>
    protected abstract Task<Guid> PullRequestAsync();

    /// <summary>The delivery ids of the outbox rows under <paramref name="source"/> whose id starts with <paramref name="prefix"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> QueuedAsync(string source, string prefix);

    private readonly RemoteRepositoryIdentity _remote = RemoteUrlParser.Default.Parse($"https://github.com/acme/fb{Guid.NewGuid():N}"[..42]).Identity;

    private static CommentFeedback Comment(string id, int revision, string body, int minutes, string? thread = null) =>
        new(id, revision, CommentKind.Inline, "ana", "7", body, $"https://github.com/acme/web/pull/7#discussion_r{id}", "src/login.cs", 12, thread == id ? null : thread, thread ?? id, "900", T0, T0.AddMinutes(minutes));

    private static ReviewFeedback Review(string id, int revision, ReviewState state, int minutes, string author = "ana") =>
        new(id, revision, author, author + "-id", state, "Looks off", $"https://github.com/acme/web/pull/7#pullrequestreview-{id}", T0.AddMinutes(minutes));

    private async Task<CommentFeedback?> CommentAsync(string id) =>
        (await Store.ListAsync(_remote, 7)).OfType<CommentFeedback>().SingleOrDefault(c => c.ProviderId == id);

    [Fact]
    public async Task TheReportsOfAComment_InAnyOrderAndTwice_LeaveTheLatestEdit()
    {
        var created = Comment("101", PullRequestFeedback.Created, "first", 0);
        var edited = Comment("101", PullRequestFeedback.Edited, "second", 5);
        var orders = new[] { new[] { created, edited }, [edited, created], [edited, edited, created, created] };
        foreach (var order in orders)
        {
            var store = Store;
            var remote = RemoteUrlParser.Default.Parse($"https://github.com/acme/o{Guid.NewGuid():N}"[..40]).Identity;
            foreach (var report in order)
            {
                await store.ApplyAsync(remote, 7, report);
            }

            var kept = Assert.IsType<CommentFeedback>(Assert.Single(await store.ListAsync(remote, 7)));
            Assert.Equal(("second", PullRequestFeedback.Edited), (kept.Body, kept.Revision));
        }
    }

    [Fact]
    public async Task ReportsOfOneCommentAtOnce_LeaveOneRow_WithTheFurthestReport()
    {
        var reports = Enumerable.Range(0, 16).Select(i => i % 4 == 3
            ? Comment("105", PullRequestFeedback.Edited, "edited", 5)
            : Comment("105", PullRequestFeedback.Created, "first", 0)).ToArray();

        var changed = await Task.WhenAll(reports.Select(r => Task.Run(() => Store.ApplyAsync(_remote, 7, r))));

        var kept = Assert.Single((await Store.ListAsync(_remote, 7)).OfType<CommentFeedback>());
        Assert.Equal(("edited", PullRequestFeedback.Edited), (kept.Body, kept.Revision));
        Assert.InRange(changed.Count(c => c), 1, 2); // the first report kept, and the edit if it came after it
    }

    [Fact]
    public async Task ADeletion_IsNeverUndone_EvenByAReportThatComesAfterIt()
    {
        Assert.True(await Store.ApplyAsync(_remote, 7, Comment("102", PullRequestFeedback.Ended, "gone", 9)));

        Assert.False(await Store.ApplyAsync(_remote, 7, Comment("102", PullRequestFeedback.Created, "first", 0)));
        Assert.False(await Store.ApplyAsync(_remote, 7, Comment("102", PullRequestFeedback.Edited, "edited", 20)));

        Assert.Null(await CommentAsync("102"));
    }

    [Fact]
    public async Task TheSameReportTwice_ChangesNothingTheSecondTime()
    {
        var review = Review("501", PullRequestFeedback.Created, ReviewState.Approved, 1);

        Assert.True(await Store.ApplyAsync(_remote, 7, review));
        Assert.False(await Store.ApplyAsync(_remote, 7, review));
        Assert.Equal(review, Assert.Single(await Store.ListAsync(_remote, 7)));
    }

    [Fact]
    public async Task ADismissal_OutranksTheSubmissionItFollows_InEitherOrder()
    {
        await Store.ApplyAsync(_remote, 7, Review("502", PullRequestFeedback.Ended, ReviewState.Dismissed, 1));
        await Store.ApplyAsync(_remote, 7, Review("502", PullRequestFeedback.Created, ReviewState.ChangesRequested, 1));

        var kept = Assert.IsType<ReviewFeedback>(Assert.Single(await Store.ListAsync(_remote, 7)));
        Assert.Equal(ReviewState.Dismissed, kept.State);
        Assert.Null(ReviewFeedback.RollUp([kept]));
    }

    [Fact]
    public async Task AThreadsResolution_ReachesItsComments_EvenWhenItComesFirst()
    {
        Assert.True(await Store.ApplyAsync(_remote, 7, new ThreadFeedback("PRRT_1", true, ["201", "202"])));
        await Store.ApplyAsync(_remote, 7, Comment("201", PullRequestFeedback.Created, "why?", 0, thread: "201"));
        await Store.ApplyAsync(_remote, 7, Comment("202", PullRequestFeedback.Created, "because", 1, thread: "201"));
        await Store.ApplyAsync(_remote, 7, Comment("203", PullRequestFeedback.Created, "elsewhere", 2));

        Assert.True((await CommentAsync("201"))!.Resolved);
        Assert.True((await CommentAsync("202"))!.Resolved);
        Assert.False((await CommentAsync("203"))!.Resolved);

        Assert.True(await Store.ApplyAsync(_remote, 7, new ThreadFeedback("PRRT_1", false, ["201", "202"])));
        Assert.False(await Store.ApplyAsync(_remote, 7, new ThreadFeedback("PRRT_1", false, ["201", "202"])));
        Assert.False((await CommentAsync("202"))!.Resolved);
    }

    [Fact]
    public async Task Items_AreListedOldestFirst_PerPullRequest()
    {
        await Store.ApplyAsync(_remote, 7, Review("503", PullRequestFeedback.Created, ReviewState.Commented, 30));
        await Store.ApplyAsync(_remote, 7, Comment("301", PullRequestFeedback.Created, "early", 0) with { CreatedAt = T0.AddMinutes(10) });
        await Store.ApplyAsync(_remote, 8, Comment("302", PullRequestFeedback.Created, "other pull request", 0));

        Assert.Equal(["301", "503"], (await Store.ListAsync(_remote, 7)).Select(f => f.ProviderId));
        Assert.Equal(["302"], (await Store.ListAsync(_remote, 8)).Select(f => f.ProviderId));
    }

    [Fact]
    public async Task WhatIsKept_ComesBackAsItWasReported()
    {
        var comment = Comment("401", PullRequestFeedback.Created, "Use the v2 endpoint\non line 12", 3, thread: "400");

        await Store.ApplyAsync(_remote, 7, comment);

        Assert.Equal(comment, await CommentAsync("401"));
    }

    private static PullRequestReply Reply(Guid pullRequest, string clientInputId, string body) =>
        new(Guid.CreateVersion7(), pullRequest, clientInputId, "101", body, true, T0);

    private static OutboxMessage Post(PullRequestReply reply) => new("contract-replies", $"{reply.PullRequestId:N}:{reply.Id:N}", "review.reply", []);

    [Fact]
    public async Task AReply_IsStoredAndQueuedOnce_PerClientInputId_Even50TimesAtOnce()
    {
        var store = Store;
        var pullRequest = await PullRequestAsync();
        var attempts = Enumerable.Range(0, 50).Select(_ => Reply(pullRequest, "answer-1", "Fixed in 3f2a.")).ToList();

        var results = await Task.WhenAll(attempts.Select(r => store.AddReplyAsync(r, Post(r))));

        var created = Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(created.Reply.Id, r.Reply.Id));
        Assert.Equal(("answer-1", "101", "Fixed in 3f2a.", true, (DateTimeOffset?)null), (created.Reply.ClientInputId, created.Reply.InReplyTo, created.Reply.Body, created.Reply.Resolve, created.Reply.PostedAt));
        Assert.Equal([$"{pullRequest:N}:{created.Reply.Id:N}"], await QueuedAsync("contract-replies", $"{pullRequest:N}:"));
        var other = Reply(pullRequest, "answer-2", "Another.");
        Assert.True((await store.AddReplyAsync(other, Post(other))).Created);
    }

    [Fact]
    public async Task APostedReply_KeepsItsFirstProviderComment()
    {
        var store = Store;
        var reply = Reply(await PullRequestAsync(), "answer-1", "Fixed.");
        await store.AddReplyAsync(reply, Post(reply));

        await store.MarkReplyPostedAsync(reply.Id, "9001", "https://github.com/acme/web/pull/7#discussion_r9001");
        await store.MarkReplyPostedAsync(reply.Id, "9002", "https://github.com/acme/web/pull/7#discussion_r9002");

        var kept = await store.GetReplyAsync(reply.Id);
        Assert.Equal(("9001", "https://github.com/acme/web/pull/7#discussion_r9001"), (kept!.ProviderCommentId, kept.Url));
        Assert.NotNull(kept.PostedAt);
        Assert.Null(await store.GetReplyAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task WhetherAnAuthorIsTrusted_IsKeptWithTheReport_AndALaterReportJudgesAgain()
    {
        var store = Store;
        var remote = RemoteUrlParser.Default.Parse($"https://github.com/acme/t{Guid.NewGuid():N}"[..40]).Identity;
        await store.ApplyAsync(remote, 7, Comment("301", PullRequestFeedback.Created, "first", 0) with { Trusted = true });
        await store.ApplyAsync(remote, 7, Review("302", PullRequestFeedback.Created, ReviewState.Approved, 1) with { Trusted = false });

        var kept = await store.ListAsync(remote, 7);
        Assert.Equal([("301", true), ("302", false)], kept.Select(f => (f.ProviderId, f.Trusted)));

        // The author lost write access before editing: the edit is kept untrusted.
        Assert.True(await store.ApplyAsync(remote, 7, Comment("301", PullRequestFeedback.Edited, "second", 5) with { Trusted = false }));
        Assert.False(Assert.IsType<CommentFeedback>((await store.ListAsync(remote, 7)).Single(f => f.ProviderId == "301")).Trusted);
    }
}
