using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git.GitLab;

/// <summary>
/// GitLab's webhook source, registered by <c>AddBobGit().AddGitLab()</c>: routed at <c>/api/webhooks/gitlab</c>, secrets at
/// <c>Webhooks:GitLab:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/> <c>gitlab</c>). GitLab: event <c>X-Gitlab-Event</c>; delivery <c>Idempotency-Key</c> (kept across retries), else <c>X-Gitlab-Event-UUID</c>, else the Standard Webhooks <c>webhook-id</c>; the secret token or a signing token; a hook Bob made is verified with its own token, found by the token's hash.
/// </summary>
public static class GitLabWebhookSource
{
    /// <summary>The source's wire name: <c>gitlab</c>.</summary>
    public const string Name = "gitlab";

    /// <summary>The definition.</summary>
    public static WebhookSourceDefinition Definition { get; } = new(
        Name,
        "GitLab",
        ["X-Gitlab-Event"],
        ["Idempotency-Key", "X-Gitlab-Event-UUID", "webhook-id"],
        (secrets, time) => new GitLabVerifier(secrets, time))
    {
        CreateProcessor = GitWebhookSourceProcessor.Factory(GitProvider.GitLab),

        // A hook Bob made is known by its secret token: found by the token's SHA-256, then compared in constant time.
        HookKeys = new WebhookHookKeys(
            request => request.Get("X-Gitlab-Token") is { Length: > 0 and <= 1024 } token ? [TokenKey(token)] : [],
            hook => hook.PreviousSecret is { } previous ? [TokenKey(hook.Secret.Reveal()), TokenKey(previous.Reveal())] : [TokenKey(hook.Secret.Reveal())]),
    };

    private static string TokenKey(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
