namespace Bob.Git.Abstractions;

/// <summary>Applies a provider-neutral webhook event to the domain (pull requests, commits, session events). Must be idempotent.</summary>
public interface IGitWebhookEventHandler
{
    /// <summary>Applies the event.</summary>
    Task HandleAsync(GitWebhookEvent gitEvent, CancellationToken cancellationToken = default);
}
