namespace Bob.Git.Abstractions;

/// <summary>A provider webhook turned into a provider-neutral event.</summary>
/// <param name="Repository">The repository the event happened in.</param>
public abstract record GitWebhookEvent(RemoteRepositoryIdentity Repository);
