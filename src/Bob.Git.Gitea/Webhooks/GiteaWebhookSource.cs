using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git.Gitea;

/// <summary>
/// Gitea's webhook source, registered by <c>AddBobGit().AddGitea()</c>: routed at <c>/api/webhooks/gitea</c>, secrets at
/// <c>Webhooks:Gitea:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/> <c>gitea</c>). Gitea and Forgejo: event <c>X-Gitea-Event</c> (Forgejo's <c>X-Forgejo-Event</c> when absent), delivery <c>X-Gitea-Delivery</c> (or Forgejo's), signature <c>X-Gitea-Signature</c>.
/// </summary>
public static class GiteaWebhookSource
{
    /// <summary>The source's wire name: <c>gitea</c>.</summary>
    public const string Name = "gitea";

    /// <summary>The definition.</summary>
    public static WebhookSourceDefinition Definition { get; } = new(
        Name,
        "Gitea",
        ["X-Gitea-Event", "X-Forgejo-Event"],
        ["X-Gitea-Delivery", "X-Forgejo-Delivery"],
        (secrets, time) => new GiteaSignatureVerifier(secrets))
    {
        CreateProcessor = GitWebhookSourceProcessor.Factory(GitProvider.Gitea),

        // Gitea sends no hook id: the URL of a hook Bob made names the hook's row (?hook=), and its secret checks the delivery.
        HookKeys = new WebhookHookKeys(
            request => request.Query.TryGetValue("hook", out var hook) && Guid.TryParseExact(hook, "D", out var id) ? [id.ToString("D")] : [],
            hook => [hook.Id.ToString("D")]),
    };
}
