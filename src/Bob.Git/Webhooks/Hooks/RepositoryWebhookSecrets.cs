using Bob.Git.Abstractions;
using Bob.Vault;
using Bob.Webhooks;

namespace Bob.Git;

/// <summary>The managed hooks with their secrets decrypted, for the hosts' verifier cache (<see cref="WebhookHookVerifiers"/>).</summary>
public sealed class RepositoryWebhookSecrets(IRepositoryWebhookStore hooks, TokenVault vault, TimeProvider timeProvider) : IWebhookHookSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookHook>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var result = new List<WebhookHook>();
        foreach (var row in await hooks.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!row.Managed)
            {
                continue;
            }

            var location = RepositoryWebhookService.Location(row.Id);
            try
            {
                var previous = row.PreviousSecret is { } old && row.PreviousSecretUntil > now ? new Secret(vault.Decrypt(old, location)) : null;
                result.Add(new WebhookHook(
                    row.Id,
                    row.Remote.Provider.ToWireName(),
                    row.Remote.Instance.Host,
                    row.ProviderHookId!,
                    new Secret(vault.Decrypt(row.Secret!, location)),
                    previous,
                    previous is null ? null : row.PreviousSecretUntil));
            }
            catch (TokenDecryptionException)
            {
                // A secret under a master key no longer configured: its deliveries fall back to the provider-wide secret
                // until the repair round or a rotation gives the hook a new one.
            }
        }

        return result;
    }
}
