namespace Bob.Git;

/// <summary>What a repository shows of its remote's hook (<c>GET /api/repositories/{id}</c>'s <c>webhook</c>).</summary>
/// <param name="Mode"><c>managed</c> when Bob made or adopted the hook and holds its secret; <c>manual</c> otherwise.</param>
/// <param name="Active">Whether the hook delivers, as last seen.</param>
/// <param name="LastDeliveryAt">When a delivery verified with its secret last arrived.</param>
/// <param name="LastFailureAt">When the provider's log last showed a failed delivery.</param>
/// <param name="RepairedAt">When Bob last recreated, reactivated or corrected it.</param>
/// <param name="RedeliveredCount">How many failed deliveries Bob asked the provider to send again.</param>
/// <param name="Note">Why it is manual, or what went wrong last, in words a person can act on.</param>
public sealed record RepositoryWebhookView(
    string Mode,
    bool Active,
    DateTimeOffset? LastDeliveryAt,
    DateTimeOffset? LastFailureAt,
    DateTimeOffset? RepairedAt,
    int RedeliveredCount,
    string? Note)
{
    /// <summary>The view of a remote whose hook Bob does not manage.</summary>
    public static RepositoryWebhookView Manual(string note) => new("manual", false, null, null, null, 0, note);
}

/// <summary>What one repair round did.</summary>
/// <param name="Checked">Hooks looked at on the provider.</param>
/// <param name="Repaired">Hooks recreated, turned back on or corrected.</param>
/// <param name="Redelivered">Failed deliveries the providers were asked to send again.</param>
/// <param name="Retired">Hooks removed because no registration relies on them any more.</param>
/// <param name="Failed">Hooks whose check failed (logged; tried again next round).</param>
public sealed record RepositoryWebhookRepairResult(int Checked, int Repaired, int Redelivered, int Retired, int Failed);
