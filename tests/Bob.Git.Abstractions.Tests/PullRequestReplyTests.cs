namespace Bob.Git.Abstractions.Tests;

/// <summary>
/// When a repeated reply request is the same one (answered with the first reply) and when it is another (a conflict):
/// the comment answered, the text and whether to resolve decide; its id, time and posting state do not.
/// </summary>
public sealed class PullRequestReplyTests
{
    private static readonly PullRequestReply First = new(Guid.NewGuid(), Guid.NewGuid(), "answer-1", "21", "Done.", true, DateTimeOffset.UnixEpoch);

    [Fact]
    public void TheSameCommentTextAndResolve_IsTheSameRequest_WhateverItsIdTimeOrPosting() =>
        Assert.True(First.SameRequestAs(First with { Id = Guid.NewGuid(), CreatedAt = DateTimeOffset.UnixEpoch.AddDays(1), ProviderCommentId = "9001", PostedAt = DateTimeOffset.UnixEpoch }));

    [Fact]
    public void AnotherComment_AnotherText_OrAnotherResolve_IsAnotherRequest()
    {
        Assert.False(First.SameRequestAs(First with { InReplyTo = "22" }));
        Assert.False(First.SameRequestAs(First with { Body = "Done!" }));
        Assert.False(First.SameRequestAs(First with { Resolve = false }));
    }
}
