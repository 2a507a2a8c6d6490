using System.Text.Json;
using Bob.Git.Abstractions;
using Bob.Webhooks;

namespace Bob.Git.GitHub;

/// <summary>
/// Reads GitHub's <c>installation</c> (<c>created</c>, <c>deleted</c>, <c>suspend</c>, <c>unsuspend</c>,
/// <c>new_permissions_accepted</c>) and <c>installation_repositories</c> (<c>added</c>, <c>removed</c>) deliveries into
/// <see cref="GitAppInstallationEvent"/>s (issue 22). The instance is the one the installation's account lives on (its
/// <c>html_url</c>); <c>updated_at</c> comes as Unix seconds or ISO 8601, as GitHub sends both.
/// </summary>
public static class GitHubInstallationEvents
{
    /// <summary>Whether <paramref name="eventType"/> is one of them.</summary>
    public static bool Handles(string eventType) => eventType is "installation" or "installation_repositories";

    /// <summary>Reads the delivery.</summary>
    /// <exception cref="FormatException">The payload is not the documented shape.</exception>
    public static GitAppInstallationEvent Parse(string eventType, ReadOnlyMemory<byte> payload) =>
        WebhookPayloadReader.Read("GitHub", eventType, payload, root =>
        {
            var installation = root.Required("installation");
            var account = installation.Required("account");
            var accountUrl = account.RequiredText("html_url");
            if (!Uri.TryCreate(accountUrl, UriKind.Absolute, out var url)
                || !GitInstance.TryCreate(GitProvider.GitHub, url.GetLeftPart(UriPartial.Authority), out var instance, out _))
            {
                throw new FormatException($"The installation's account URL {TextRules.Excerpt(accountUrl, 100)} is not a GitHub address.");
            }

            var id = installation.Required("id");
            if (id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var installationId) || installationId <= 0)
            {
                throw new FormatException("The installation id is not a positive number.");
            }

            var selection = root.OptionalText("repository_selection") ?? installation.OptionalText("repository_selection");
            return new GitAppInstallationEvent(
                instance,
                installationId,
                root.RequiredText("action"),
                account.RequiredText("login"),
                selection == "all",
                installation.OptionalTimestamp("suspended_at"),
                installation.OptionalTimestamp("updated_at"),
                eventType == "installation" && root.TryGetProperty("repositories", out var all) && all.ValueKind == JsonValueKind.Array ? Names(all) : null,
                root.TryGetProperty("repositories_added", out var added) && added.ValueKind == JsonValueKind.Array ? Names(added) : [],
                root.TryGetProperty("repositories_removed", out var removed) && removed.ValueKind == JsonValueKind.Array ? Names(removed) : []);
        });

    private static string[] Names(JsonElement repositories) =>
        repositories.EnumerateArray().Select(r => r.RequiredText("full_name")).ToArray();
}

/// <summary>
/// GitHub's source processor: <c>installation</c> and <c>installation_repositories</c> go to the
/// <see cref="IGitAppInstallationEventHandler"/>s, everything else to the provider-neutral git processor.
/// </summary>
internal sealed class GitHubWebhookProcessor(IWebhookSourceProcessor git, IGitAppInstallationEventHandler[] installations) : IWebhookSourceProcessor
{
    public bool Handles(string eventType) =>
        GitHubInstallationEvents.Handles(eventType) ? installations.Length > 0 : git.Handles(eventType);

    public async Task<WebhookProcessingResult> ProcessAsync(ClaimedDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!GitHubInstallationEvents.Handles(delivery.EventType))
        {
            return await git.ProcessAsync(delivery, cancellationToken).ConfigureAwait(false);
        }

        GitAppInstallationEvent installationEvent;
        try
        {
            installationEvent = GitHubInstallationEvents.Parse(delivery.EventType, delivery.Payload);
        }
        catch (FormatException ex)
        {
            return WebhookProcessingResult.DeadLetter(ex.Message);
        }

        foreach (var handler in installations)
        {
            await handler.HandleAsync(installationEvent, cancellationToken).ConfigureAwait(false);
        }

        return WebhookProcessingResult.Done;
    }
}
