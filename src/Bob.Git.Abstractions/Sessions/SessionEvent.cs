using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>One event of a session, numbered in the order it committed.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Sequence">Its number in the session: 1, 2, 3, … with no gaps, in commit order.</param>
/// <param name="Kind">What happened: <c>pr.created</c>, <c>pr.updated</c>, <c>pr.merged</c>, <c>pr.closed</c>, ….</param>
/// <param name="Payload">Its data (a JSON object, camelCase).</param>
/// <param name="CreatedAt">When it was written (UTC).</param>
public sealed record SessionEvent(Guid SessionId, long Sequence, string Kind, JsonElement Payload, DateTimeOffset CreatedAt);
