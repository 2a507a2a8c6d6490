namespace Bob.Git.Abstractions;

/// <summary>A repository webhook as the provider holds it.</summary>
/// <param name="Id">The provider's id of the hook (GitHub, GitLab and Gitea number them).</param>
/// <param name="Url">Where it delivers.</param>
/// <param name="Active">
/// Whether it delivers: GitHub and Gitea <c>active</c>; on GitLab also <see langword="false"/> while GitLab has it disabled or
/// temporarily disabled after failures (<c>alert_status</c>).
/// </param>
/// <param name="Events">The events it is subscribed to, in the provider's names (GitLab: its <c>*_events</c> flags that are on).</param>
/// <param name="JsonContent">Whether it delivers JSON (GitHub <c>content_type</c> json, Gitea <c>content_type</c> json; GitLab always).</param>
public sealed record ProviderHook(string Id, string Url, bool Active, IReadOnlyList<string> Events, bool JsonContent = true);

/// <summary>What a hook Bob makes or corrects is set to.</summary>
/// <param name="Url">Where it delivers: <c>{PublicBaseUrl}/api/webhooks/{provider}</c> (Gitea: with <c>?hook=</c> the row's id).</param>
/// <param name="Events">The events, in the provider's names.</param>
/// <param name="Secret">The hook's secret, sent only when it is made or its secret rotated; <see langword="null"/> leaves the provider's as it is.</param>
public sealed record ProviderHookSettings(string Url, IReadOnlyList<string> Events, Secret? Secret);

/// <summary>One attempt of a delivery in the provider's log (GitHub's hook deliveries, GitLab's hook events).</summary>
/// <param name="Id">The log entry's id, which redelivery takes.</param>
/// <param name="Guid">The delivery's own id, as its <c>X-GitHub-Delivery</c> (GitLab: its <c>X-Gitlab-Event-UUID</c>, when the log has it).</param>
/// <param name="DeliveredAt">When the provider sent it.</param>
/// <param name="StatusCode">The status code the host answered; 0 when no answer came.</param>
/// <param name="Redelivery">Whether this attempt was itself a redelivery.</param>
/// <param name="Event">The event it carried (GitHub's <c>ping</c> after a hook is made is not worth sending again).</param>
public sealed record ProviderHookDelivery(string Id, string? Guid, DateTimeOffset DeliveredAt, int StatusCode, bool Redelivery, string? Event = null)
{
    /// <summary>Whether the host took it (a 2xx answer).</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>One page of a hook's delivery log, newest first.</summary>
/// <param name="Items">The attempts on this page.</param>
/// <param name="Next">The cursor of the next (older) page, or <see langword="null"/> at the end.</param>
public sealed record ProviderHookDeliveryPage(IReadOnlyList<ProviderHookDelivery> Items, string? Next);
