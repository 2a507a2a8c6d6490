using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Git.GitHub.Internal;

namespace Bob.Git.GitHub;

/// <summary>Repository webhooks (issue 23): <c>/repos/{owner}/{repo}/hooks</c>, their configuration and delivery log.</summary>
public sealed partial class GitHubApiClient : IGitHookClient
{
    /// <summary>The events Bob's GitHub hooks are subscribed to: the ones the suite handles.</summary>
    public static IReadOnlyList<string> Events { get; } =
    [
        "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_review_thread", "issue_comment",
        "push", "status", "check_run", "check_suite", "workflow_run",
    ];

    /// <inheritdoc />
    public IReadOnlyList<string> HookEvents => Events;

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /repos/{owner}/{repo}</c>'s <c>permissions.admin</c>; a classic token also needs <c>admin:repo_hook</c> (or
    /// <c>repo</c>), which its <c>X-OAuth-Scopes</c> lists. Fine-grained and App user tokens list no scopes: their admin decides.
    /// </remarks>
    public async Task<bool> CanManageHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        using var response = await Json.SendAsync(HttpMethod.Get, RepoPath(repository), null, "read the repository's permissions", cancellationToken).ConfigureAwait(false);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var admin = body.RootElement.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Object
            && permissions.TryGetProperty("admin", out var value) && value.ValueKind == JsonValueKind.True;
        if (!admin)
        {
            return false;
        }

        if (!response.Headers.TryGetValues("X-OAuth-Scopes", out var scopeHeaders))
        {
            return true;
        }

        var scopes = string.Join(',', scopeHeaders).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return scopes.Length == 0 || scopes.Any(s => s is "repo" or "admin:repo_hook" or "write:repo_hook");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProviderHook>> ListHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var hooks = await Json.GetAllPagesAsync($"{RepoPath(repository)}/hooks?per_page=100", GitHubJsonContext.Default.ListJsonElement, "list the repository's webhooks", cancellationToken, maxPages: 10).ConfigureAwait(false);
        return [.. hooks.Where(h => h.TryGetProperty("config", out var c) && c.TryGetProperty("url", out _)).Select(ToHook)];
    }

    /// <inheritdoc />
    public async Task<ProviderHook?> GetHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            return ToHook(await Json.GetAsync(HookPath(repository, hookId), GitHubJsonContext.Default.JsonElement, "read the webhook", cancellationToken).ConfigureAwait(false));
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<ProviderHook> CreateHookAsync(RemoteRepositoryIdentity repository, ProviderHookSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(settings);
        var body = HookBody(settings);
        body["name"] = "web";
        var made = await Json.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/hooks", body, GitHubJsonContext.Default.JsonObject, GitHubJsonContext.Default.JsonElement, "create the webhook", cancellationToken).ConfigureAwait(false);
        return ToHook(made);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With a secret: one <c>PATCH /hooks/{id}</c> with the whole <c>config</c>. Without: <c>PATCH /hooks/{id}</c> with only
    /// <c>active</c> and <c>events</c>, then <c>PATCH /hooks/{id}/config</c> with the URL and content type, since a whole
    /// <c>config</c> without the secret would remove it.
    /// </remarks>
    public async Task<ProviderHook> UpdateHookAsync(RemoteRepositoryIdentity repository, string hookId, ProviderHookSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Secret is not null)
        {
            return ToHook(await Json.SendAsync(HttpMethod.Patch, HookPath(repository, hookId), HookBody(settings), GitHubJsonContext.Default.JsonObject, GitHubJsonContext.Default.JsonElement, "update the webhook", cancellationToken).ConfigureAwait(false));
        }

        var state = new JsonObject { ["active"] = true, ["events"] = new JsonArray([.. settings.Events.Select(e => JsonValue.Create(e))]) };
        await Json.SendAsync(HttpMethod.Patch, HookPath(repository, hookId), state, GitHubJsonContext.Default.JsonObject, GitHubJsonContext.Default.JsonElement, "update the webhook", cancellationToken).ConfigureAwait(false);
        var config = new JsonObject { ["url"] = settings.Url, ["content_type"] = "json", ["insecure_ssl"] = "0" };
        await Json.SendAsync(HttpMethod.Patch, $"{HookPath(repository, hookId)}/config", config, GitHubJsonContext.Default.JsonObject, GitHubJsonContext.Default.JsonElement, "update the webhook's configuration", cancellationToken).ConfigureAwait(false);
        return await GetHookAsync(repository, hookId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitProviderException(BobErrorKind.NotFound, $"The webhook {hookId} of {repository.WebUrl} is gone.", GitProvider.GitHub);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        try
        {
            using var response = await Json.SendAsync(HttpMethod.Delete, HookPath(repository, hookId), null, "delete the webhook", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks><c>GET /repos/{owner}/{repo}/hooks/{id}/deliveries?per_page=100</c>, cursor paged through <c>Link</c>; GitHub keeps 3 days (Enterprise Server 7).</remarks>
    public async Task<ProviderHookDeliveryPage?> ListHookDeliveriesAsync(RemoteRepositoryIdentity repository, string hookId, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var (items, next) = await Json.GetPageAsync(cursor ?? $"{HookPath(repository, hookId)}/deliveries?per_page=100", GitHubJsonContext.Default.ListJsonElement, "list the webhook's deliveries", cancellationToken).ConfigureAwait(false);
        return new ProviderHookDeliveryPage(
            [.. items.Select(d => new ProviderHookDelivery(
                Scalar(d, "id") ?? "",
                Scalar(d, "guid"),
                d.TryGetProperty("delivered_at", out var at) && at.ValueKind == JsonValueKind.String ? at.GetDateTimeOffset() : DateTimeOffset.MinValue,
                d.TryGetProperty("status_code", out var code) && code.ValueKind == JsonValueKind.Number ? code.GetInt32() : 0,
                d.TryGetProperty("redelivery", out var again) && again.ValueKind == JsonValueKind.True,
                Scalar(d, "event")))],
            next);
    }

    /// <inheritdoc />
    public async Task RedeliverAsync(RemoteRepositoryIdentity repository, string hookId, string deliveryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        using var response = await Json.SendAsync(HttpMethod.Post, $"{HookPath(repository, hookId)}/deliveries/{Uri.EscapeDataString(deliveryId)}/attempts", null, "redeliver a webhook delivery", cancellationToken).ConfigureAwait(false);
    }

    private ProviderApiClient Json => Raw ?? throw new InvalidOperationException("This client was made without a JSON reader; create it with GitHubClientFactory.");

    private static string RepoPath(RemoteRepositoryIdentity repository) =>
        $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}";

    private static string HookPath(RemoteRepositoryIdentity repository, string hookId) =>
        long.TryParse(hookId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? $"{RepoPath(repository)}/hooks/{id.ToString(CultureInfo.InvariantCulture)}"
            : throw new GitProviderException(BobErrorKind.Invalid, $"'{TextRules.Excerpt(hookId)}' is not a GitHub hook id.", GitProvider.GitHub);

    private static JsonObject HookBody(ProviderHookSettings settings)
    {
        var config = new JsonObject { ["url"] = settings.Url, ["content_type"] = "json", ["insecure_ssl"] = "0" };
        if (settings.Secret is { } secret)
        {
            config["secret"] = secret.Reveal();
        }

        return new JsonObject
        {
            ["active"] = true,
            ["events"] = new JsonArray([.. settings.Events.Select(e => JsonValue.Create(e))]),
            ["config"] = config,
        };
    }

    private static ProviderHook ToHook(JsonElement hook)
    {
        var config = hook.GetProperty("config");
        return new ProviderHook(
            Scalar(hook, "id") ?? "",
            config.TryGetProperty("url", out var url) ? url.GetString() ?? "" : "",
            hook.TryGetProperty("active", out var active) && active.ValueKind == JsonValueKind.True,
            hook.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array ? [.. events.EnumerateArray().Select(e => e.GetString() ?? "")] : [],
            !config.TryGetProperty("content_type", out var type) || type.GetString() == "json");
    }

    private static string? Scalar(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : null;
}
