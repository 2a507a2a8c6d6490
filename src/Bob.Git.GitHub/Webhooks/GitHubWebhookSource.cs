using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git.GitHub;

/// <summary>
/// GitHub's webhook source, registered by <c>AddBobGit().AddGitHub()</c> (a GitHub App's deliveries come here too, with the
/// same signature rules; <c>installation</c> and <c>installation_repositories</c> keep its installations): routed at <c>/api/webhooks/github</c>, secrets at
/// <c>Webhooks:GitHub:Secret</c> and <c>PreviousSecret</c> (the named <see cref="WebhookSecrets"/> <c>github</c>). GitHub and GitHub Enterprise Server: event <c>X-GitHub-Event</c>, delivery <c>X-GitHub-Delivery</c> (kept on redelivery), signature <c>X-Hub-Signature-256</c>, checked with the secret of the hook Bob made when <c>X-GitHub-Hook-ID</c> (and, from an Enterprise Server, <c>X-GitHub-Enterprise-Host</c>) names one.
/// </summary>
public static class GitHubWebhookSource
{
    /// <summary>The source's wire name: <c>github</c>.</summary>
    public const string Name = "github";

    /// <summary>The definition.</summary>
    public static WebhookSourceDefinition Definition { get; } = new(
        Name,
        "GitHub",
        ["X-GitHub-Event"],
        ["X-GitHub-Delivery"],
        (secrets, time) => new GitHubSignatureVerifier(secrets))
    {
        CreateProcessor = services => new GitHubWebhookProcessor(
            GitWebhookSourceProcessor.Factory(GitProvider.GitHub)(services),
            [.. Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<IGitAppInstallationEventHandler>(services)]),
        HookKeys = new WebhookHookKeys(
            // The instance named (X-GitHub-Enterprise-Host, none from github.com) first, then the hook id alone: a stand-in
            // or proxy that names its host differently still finds the hook, and ids of one instance never collide.
            request => request.Get("X-GitHub-Hook-ID") is { Length: > 0 } id
                ? [$"{request.Get("X-GitHub-Enterprise-Host") ?? "github.com"}/{id.Trim()}".ToLowerInvariant(), $"*/{id.Trim()}"]
                : [],
            hook => [$"{hook.InstanceHost}/{hook.ProviderHookId}".ToLowerInvariant(), $"*/{hook.ProviderHookId}"]),
    };
}
