using System.Text.Json.Serialization;

namespace Bob.Git.Abstractions;

/// <summary>The payload of <see cref="SessionEventKinds.ReplyReceived"/>: a Kanbanger comment (<see cref="CommentId"/>) or a quick reply (<see cref="ClientInputId"/>).</summary>
/// <param name="Author">Who wrote it.</param>
/// <param name="Body">What they wrote.</param>
/// <param name="Source"><c>kanbanger</c> or <c>app</c>.</param>
public sealed record ReplyReceivedEvent(string Author, string Body, string Source)
{
    /// <summary>The Kanbanger comment's id, for a comment.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommentId { get; init; }

    /// <summary>The client's id of a quick reply.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClientInputId { get; init; }
}
