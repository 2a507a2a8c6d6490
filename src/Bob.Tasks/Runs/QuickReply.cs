namespace Bob.Tasks;

/// <summary>A reply stored in a session.</summary>
/// <param name="Sequence">Its event's number in the session (replies keep their order).</param>
/// <param name="ClientInputId">The client's id for it (the idempotency key).</param>
/// <param name="Text">What was written.</param>
/// <param name="Created">Whether this call stored it (<see langword="false"/>: the same reply again).</param>
public sealed record QuickReply(long Sequence, string ClientInputId, string Text, bool Created);
