namespace Bob.Notifications;

/// <summary><c>bob://session/{sessionId}</c>.</summary>
/// <param name="SessionId">The session.</param>
public sealed record SessionLink(Guid SessionId) : DeepLink
{
    /// <inheritdoc />
    public override Uri ToUri() => DeepLinks.Session(SessionId);
}
