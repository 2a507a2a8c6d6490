namespace Bob.Git.Abstractions;

/// <summary>Turns one provider's webhook payloads into <see cref="GitWebhookEvent"/>s; provider packages implement it so the webhook core never reads provider JSON.</summary>
public interface IGitWebhookPayloadParser
{
    /// <summary>The provider whose payloads this parser reads.</summary>
    GitProvider Provider { get; }

    /// <summary>
    /// Whether events of this type can become a <see cref="GitWebhookEvent"/>. Receivers store the others already processed,
    /// so no worker time is spent on them; <see cref="Parse"/> returns <see langword="null"/> for them.
    /// </summary>
    /// <param name="eventType">The event header value.</param>
    bool Handles(string eventType);

    /// <summary>Parses a payload.</summary>
    /// <param name="eventType">The event header value (<c>X-GitHub-Event</c>, <c>X-Gitlab-Event</c>, <c>X-Gitea-Event</c>).</param>
    /// <param name="payload">The raw JSON body.</param>
    /// <param name="remotes">Resolves the repository URLs in the payload to identities, against the host's known instances.</param>
    /// <returns>The event, or <see langword="null"/> for events the suite does not handle.</returns>
    /// <exception cref="FormatException">The payload is not of the shape the provider documents for this event.</exception>
    GitWebhookEvent? Parse(string eventType, ReadOnlyMemory<byte> payload, RemoteUrlParser remotes);
}
