using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Git.Gitea.Internal;

namespace Bob.Git.Gitea;

/// <summary>
/// Repository webhooks (issue 23): <c>/repos/{owner}/{repo}/hooks</c>. Gitea (and Forgejo) keep no delivery log an API can
/// read, so missed deliveries are left to the backfill; Gitea sends no hook id either, so Bob's hook URL names its row
/// (<c>?hook=</c>), and that is how a delivery finds the secret it is checked with.
/// </summary>
public sealed partial class GiteaClient : IGitHookClient
{
    /// <summary>
    /// The events Bob's Gitea hooks are subscribed to: pushes, pull requests (which in Gitea also turns on their reviews,
    /// comments and synchronisation) and commit statuses.
    /// </summary>
    public static IReadOnlyList<string> Events { get; } = ["push", "pull_request", "pull_request_sync", "pull_request_review", "pull_request_comment", "status"];

    /// <inheritdoc />
    public IReadOnlyList<string> HookEvents => Events;

    /// <inheritdoc />
    /// <remarks><c>GET /repos/{owner}/{repo}</c>'s <c>permissions.admin</c>.</remarks>
    public async Task<bool> CanManageHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var repo = await _api.GetAsync(RepoPath(repository), GiteaJsonContext.Default.JsonElement, "read the repository's permissions", cancellationToken).ConfigureAwait(false);
        return repo.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Object && permissions.IsTrue("admin");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProviderHook>> ListHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var hooks = await _api.GetAllPagesAsync($"{RepoPath(repository)}/hooks?limit=50", GiteaJsonContext.Default.ListJsonElement, "list the repository's webhooks", cancellationToken, maxPages: 20).ConfigureAwait(false);
        return [.. hooks.Where(h => h.OptionalText("type") is null or "gitea" or "forgejo").Select(ToHook)];
    }

    /// <inheritdoc />
    public async Task<ProviderHook?> GetHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        try
        {
            return ToHook(await _api.GetAsync(HookPath(repository, hookId), GiteaJsonContext.Default.JsonElement, "read the webhook", cancellationToken).ConfigureAwait(false));
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<ProviderHook> CreateHookAsync(RemoteRepositoryIdentity repository, ProviderHookSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var body = HookBody(settings);
        body["type"] = "gitea";
        return ToHook(await _api.SendAsync(HttpMethod.Post, $"{RepoPath(repository)}/hooks", body, GiteaJsonContext.Default.JsonObject, GiteaJsonContext.Default.JsonElement, "create the webhook", cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    /// <remarks><c>PATCH /repos/{owner}/{repo}/hooks/{id}</c>: Gitea sets each <c>config</c> key given and keeps the secret when it is left out.</remarks>
    public async Task<ProviderHook> UpdateHookAsync(RemoteRepositoryIdentity repository, string hookId, ProviderHookSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ToHook(await _api.SendAsync(HttpMethod.Patch, HookPath(repository, hookId), HookBody(settings), GiteaJsonContext.Default.JsonObject, GiteaJsonContext.Default.JsonElement, "update the webhook", cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<bool> DeleteHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _api.SendAsync(HttpMethod.Delete, HookPath(repository, hookId), null, "delete the webhook", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>Gitea's API has no delivery log: always <see langword="null"/>.</remarks>
    public Task<ProviderHookDeliveryPage?> ListHookDeliveriesAsync(RemoteRepositoryIdentity repository, string hookId, string? cursor, CancellationToken cancellationToken = default) =>
        Task.FromResult<ProviderHookDeliveryPage?>(null);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Always: Gitea's API cannot send a delivery again.</exception>
    public Task RedeliverAsync(RemoteRepositoryIdentity repository, string hookId, string deliveryId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Gitea's API cannot send a delivery again; the backfill covers what was missed.");

    private static string HookPath(RemoteRepositoryIdentity repository, string hookId) =>
        long.TryParse(hookId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? $"{RepoPath(repository)}/hooks/{id.ToString(CultureInfo.InvariantCulture)}"
            : throw new GitProviderException(BobErrorKind.Invalid, $"'{TextRules.Excerpt(hookId)}' is not a Gitea hook id.", GitProvider.Gitea);

    private static JsonObject HookBody(ProviderHookSettings settings)
    {
        var config = new JsonObject { ["url"] = settings.Url, ["content_type"] = "json" };
        if (settings.Secret is { } secret)
        {
            config["secret"] = secret.Reveal();
        }

        return new JsonObject
        {
            ["config"] = config,
            ["events"] = new JsonArray([.. settings.Events.Select(e => JsonValue.Create(e))]),
            ["active"] = true,
            ["branch_filter"] = "*",
        };
    }

    /// <summary>A hook as Bob compares it; Gitea reports a review subscription as its three kinds, named here as one.</summary>
    private static ProviderHook ToHook(JsonElement hook)
    {
        var config = hook.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var events = hook.TryGetProperty("events", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        if (events.Any(e => e.StartsWith("pull_request_review_", StringComparison.Ordinal)))
        {
            events.Add("pull_request_review");
        }

        return new ProviderHook(
            hook.GetProperty("id").GetRawText(),
            config.ValueKind == JsonValueKind.Object ? config.OptionalText("url") ?? "" : "",
            hook.IsTrue("active"),
            [.. events.Distinct(StringComparer.Ordinal)],
            config.ValueKind != JsonValueKind.Object || config.OptionalText("content_type") is null or "json");
    }
}
