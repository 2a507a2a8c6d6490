namespace Bob.Notifications;

/// <summary>A parsed <c>bob://</c> link (SPEC §6).</summary>
public abstract record DeepLink
{
    /// <summary>The link as <see cref="DeepLinks"/> builds it.</summary>
    public abstract Uri ToUri();
}
