using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bob.Git.Abstractions;

namespace Bob.Webhooks.Tests.Processing;

/// <summary>
/// The one way an outbox row is written (<see cref="OutboxMessage.Of"/>) and read back by its processor
/// (<see cref="ClaimedDelivery.ReadPayload"/>): what is written is what is read, and a row that is not a JSON object, or
/// holds <c>null</c>, is refused with a reason instead of being half-read.
/// </summary>
public sealed class OutboxRowTests
{
    private static ClaimedDelivery Claimed(OutboxMessage message) =>
        new(Guid.NewGuid(), message.Source, message.EventType, message.DeliveryId, Encoding.UTF8.GetBytes(message.Payload.ToJsonString()), 0);

    [Fact]
    public void ARowWritten_IsReadBackAsItWasWritten_InCamelCase()
    {
        var written = new Row(Guid.NewGuid(), "comment:21", 3);

        var message = OutboxMessage.Of("reviews", "ack:1:21", "review.acknowledge", written, OutboxRowJson.Default.Row);

        Assert.Equal(("reviews", "ack:1:21", "review.acknowledge"), (message.Source, message.DeliveryId, message.EventType));
        Assert.Equal(["runId", "feedbackId", "attempts"], message.Payload.Select(p => p.Key));
        Assert.Equal(written, Claimed(message).ReadPayload(OutboxRowJson.Default.Row));
    }

    [Fact]
    public void APayloadThatIsNoObject_IsRefusedWhenWritten_AndANullRowWhenRead()
    {
        Assert.Throws<ArgumentException>(() => OutboxMessage.Of("reviews", "x", "y", "just text", OutboxRowJson.Default.String));
        var empty = new ClaimedDelivery(Guid.NewGuid(), "reviews", "review.reply", "reply:1", Encoding.UTF8.GetBytes("null"), 0);

        var refused = Assert.Throws<JsonException>(() => empty.ReadPayload(OutboxRowJson.Default.Row));

        Assert.Contains("review.reply", refused.Message, StringComparison.Ordinal);
    }

    internal sealed record Row(Guid RunId, string FeedbackId, int Attempts);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OutboxRowTests.Row))]
[JsonSerializable(typeof(string))]
internal sealed partial class OutboxRowJson : JsonSerializerContext;
