using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git.GitLab;

/// <summary>
/// GitLab's webhook source, registered by <c>AddBobGit().AddGitLab()</c>: routed at <c>/api/webhooks/gitlab</c>, secrets at
/// <c>Webhooks:GitLab:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/> <c>gitlab</c>). GitLab: event <c>X-Gitlab-Event</c>; delivery <c>Idempotency-Key</c> (kept across retries), else <c>X-Gitlab-Event-UUID</c>, else the Standard Webhooks <c>webhook-id</c>; the secret token or a signing token.
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
    };
}
