using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Git.Tests.Reviews;

/// <summary>
/// Bob's reply mark, for every body: a marked reply is Bob's and carries its own id and no other, and text without the
/// mark is never taken for Bob's (so a person's comment always goes through the trust rule).
/// </summary>
public sealed class ReplyMarkerTests
{
    [Property]
    public Property AMarkedReply_IsBobs_AndCarriesItsIdOnly(NonNull<string> body, Guid id, Guid other) =>
        (ReplyMarker.IsBobs(ReplyMarker.Append(body.Get, id))
         && ReplyMarker.Carries(ReplyMarker.Append(body.Get, id), id)
         && (id == other || !ReplyMarker.Carries(ReplyMarker.Append(body.Get.Replace("<!-- bob:reply ", "", StringComparison.Ordinal), id), other))
         && ReplyMarker.Append(body.Get, id).StartsWith(body.Get, StringComparison.Ordinal)).ToProperty();

    [Property]
    public Property TextWithoutTheMark_IsNeverBobs(NonNull<string> body) =>
        (!ReplyMarker.IsBobs(body.Get.Replace("<!-- bob:reply ", "", StringComparison.Ordinal))).ToProperty();

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("<!-- bob: reply 0123 -->", false)]
    [InlineData("quoted: <!-- bob:reply 0123 -->", true)] // the mark counts wherever it is: quoting Bob never makes a comment steer
    public void ACommentIsBobs_OnlyWithTheMark_AndCarriesNoReplyItWasNotMadeFor(string? body, bool bobs)
    {
        Assert.Equal(bobs, ReplyMarker.IsBobs(body));
        Assert.False(ReplyMarker.Carries(body, Guid.NewGuid()));
    }
}
