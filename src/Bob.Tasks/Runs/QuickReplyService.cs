using Bob.Git;
using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>
/// Quick replies from the app (plan 6.3): stored in the session as one <c>reply.received</c> event per
/// <c>clientInputId</c> (the same id again answers the same reply; with another text it is a conflict), handed to the
/// agent of the session's task run once per id through the task runs' outbox (<see cref="TaskRunOutbox.AgentReplyEvent"/>),
/// and resuming it when blocked, as a Kanbanger comment does.
/// </summary>
public sealed class QuickReplyService(SessionService sessions, ISessionEventStream events, ITaskRunStore runs)
{
    /// <summary>The longest <c>clientInputId</c> and text taken.</summary>
    public const int MaxClientInputIdLength = 100, MaxTextLength = 10_000;

    /// <summary>Stores the user's reply in the session, once per <paramref name="clientInputId"/>.</summary>
    /// <exception cref="BobValidationException">(<c>clientInputId</c>, <c>text</c>) Missing, too long or with control characters.</exception>
    /// <exception cref="BobNotFoundException">No such session for this user.</exception>
    /// <exception cref="BobConflictException">The id was used with another text.</exception>
    public async Task<QuickReply> ReplyAsync(Guid userId, Guid sessionId, string? clientInputId, string? text, string? author = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(clientInputId) || clientInputId.Length > MaxClientInputIdLength || TextRules.HasControlCharacters(clientInputId))
        {
            throw new BobValidationException("clientInputId", $"clientInputId is 1 to {MaxClientInputIdLength} characters without control characters.");
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength || TextRules.HasControlCharactersInFreeText(text))
        {
            throw new BobValidationException("text", $"text is 1 to {MaxTextLength} characters; line breaks and tabs are the only control characters allowed.");
        }

        _ = await sessions.GetAsync(userId, sessionId, cancellationToken).ConfigureAwait(false);

        // Stored once per id, and handed to the run's agent through an outbox row written with it: one hand-over per id,
        // however often or concurrently the client sends it, and still one if this host dies right after storing it.
        var commentId = $"app:{clientInputId}";
        var run = await runs.FindBySessionAsync(sessionId, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<OutboxMessage> handOver = run is null || TaskRunStateMachine.IsTerminal(run.Status) ? [] : [TaskRunOutbox.AgentReply(run.Id, sessionId, commentId, author ?? "", text)];
        var payload = SessionEventPayloads.ToElement(new ReplyReceivedEvent(author ?? "", text, "app") { ClientInputId = clientInputId });
        var (sequence, appended) = await events.AppendOnceWithEffectsAsync(sessionId, SessionEventKinds.ReplyReceived, $"reply:{commentId}", payload, handOver, cancellationToken).ConfigureAwait(false);
        if (!appended)
        {
            var first = (await events.ReadAfterAsync(sessionId, sequence - 1, 1, cancellationToken).ConfigureAwait(false)).Single();
            if (first.Payload.GetProperty("body").GetString() != text)
            {
                throw new BobConflictException($"clientInputId '{TextRules.Excerpt(clientInputId, 40)}' was already used for another reply in this session.", "clientInputId already used");
            }
        }

        return new QuickReply(sequence, clientInputId, text, appended);
    }
}
