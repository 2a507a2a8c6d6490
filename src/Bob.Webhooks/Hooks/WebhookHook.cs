using Bob.Git.Abstractions;

namespace Bob.Webhooks;

/// <summary>A provider hook Bob made, with its own secrets (issue 23), as the hosts' verifier cache holds it.</summary>
/// <param name="Id">Bob's id of the hook (the row's).</param>
/// <param name="Source">The source its deliveries come to (<see cref="WebhookSourceDefinition.Name"/>).</param>
/// <param name="InstanceHost">The host name of the provider instance (<c>github.com</c>, an Enterprise Server's).</param>
/// <param name="ProviderHookId">The provider's id of the hook.</param>
/// <param name="Secret">Its current secret.</param>
/// <param name="PreviousSecret">The secret it had before a rotation, accepted until <paramref name="PreviousSecretUntil"/>.</param>
/// <param name="PreviousSecretUntil">When the previous secret stops being accepted.</param>
public sealed record WebhookHook(
    Guid Id,
    string Source,
    string InstanceHost,
    string ProviderHookId,
    Secret Secret,
    Secret? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil)
{
    /// <inheritdoc />
    public override string ToString() => $"{Source} hook {ProviderHookId} on {InstanceHost} ({Id})";
}

/// <summary>Reads the hooks Bob manages, with their secrets decrypted (<c>Bob.Git</c> implements it over its store and vault).</summary>
public interface IWebhookHookSource
{
    /// <summary>Every managed hook.</summary>
    Task<IReadOnlyList<WebhookHook>> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// How a source tells which of Bob's hooks a delivery came from, so it is verified with that hook's secret: a key taken from
/// the request, and the keys a hook is found under. GitHub names the hook in <c>X-GitHub-Hook-ID</c>; Gitea sends no hook id,
/// so Bob's URL carries one (<c>?hook=</c>); a GitLab hook's secret token is itself the key, looked up by its hash.
/// </summary>
/// <param name="FromRequest">The keys a delivery names, most specific first (none: it names no hook).</param>
/// <param name="Of">The keys a hook is found under.</param>
public sealed record WebhookHookKeys(Func<WebhookRequest, IEnumerable<string>> FromRequest, Func<WebhookHook, IEnumerable<string>> Of);
