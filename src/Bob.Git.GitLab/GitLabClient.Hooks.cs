using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Git.GitLab.Internal;

namespace Bob.Git.GitLab;

/// <summary>
/// Project webhooks (issue 23): <c>/projects/:id/hooks</c>, GitLab's record of what each hook sent
/// (<c>/hooks/:hook_id/events</c>, GitLab 17.4 and later) and its resend.
/// </summary>
public sealed partial class GitLabClient : IGitHookClient
{
    /// <summary>The events Bob's GitLab hooks are subscribed to, by GitLab's flags: merge requests, pushes, comments, pipelines.</summary>
    public static IReadOnlyList<string> Events { get; } = ["merge_requests_events", "push_events", "note_events", "pipeline_events"];

    private static readonly string[] OtherEvents =
    [
        "issues_events", "confidential_issues_events", "tag_push_events", "confidential_note_events", "job_events", "wiki_page_events",
        "deployment_events", "releases_events",
    ];

    /// <summary>GitLab's Maintainer role: the lowest that may manage a project's webhooks.</summary>
    private const int MaintainerAccess = 40;

    /// <inheritdoc />
    public IReadOnlyList<string> HookEvents => Events;

    /// <inheritdoc />
    /// <remarks><c>GET /projects/:id</c>'s <c>permissions</c>: the project's or its group's access level, Maintainer (40) or above.</remarks>
    public async Task<bool> CanManageHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var project = await _api.GetAsync($"projects/{id}", GitLabJsonContext.Default.JsonElement, "read the project's permissions", cancellationToken).ConfigureAwait(false);
        if (!project.TryGetProperty("permissions", out var permissions) || permissions.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return Level(permissions, "project_access") >= MaintainerAccess || Level(permissions, "group_access") >= MaintainerAccess;

        static int Level(JsonElement permissions, string name) =>
            permissions.TryGetProperty(name, out var access) && access.ValueKind == JsonValueKind.Object
            && access.TryGetProperty("access_level", out var level) && level.ValueKind == JsonValueKind.Number ? level.GetInt32() : 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProviderHook>> ListHooksAsync(RemoteRepositoryIdentity repository, CancellationToken cancellationToken = default)
    {
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var hooks = await _api.GetAllPagesAsync($"projects/{id}/hooks?per_page=100", GitLabJsonContext.Default.ListJsonElement, "list the project's webhooks", cancellationToken, maxPages: 10).ConfigureAwait(false);
        return [.. hooks.Select(ToHook)];
    }

    /// <inheritdoc />
    public async Task<ProviderHook?> GetHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        var path = await HookPathAsync(repository, hookId, cancellationToken).ConfigureAwait(false);
        try
        {
            return ToHook(await _api.GetAsync(path, GitLabJsonContext.Default.JsonElement, "read the webhook", cancellationToken).ConfigureAwait(false));
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
        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        var made = await _api.SendAsync(HttpMethod.Post, $"projects/{id}/hooks", HookBody(settings), GitLabJsonContext.Default.JsonObject, GitLabJsonContext.Default.JsonElement, "create the webhook", cancellationToken).ConfigureAwait(false);
        return ToHook(made);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>PUT /projects/:id/hooks/:hook_id</c> (a token left out is kept; GitLab resets it when the URL changes, so Bob gives a
    /// new one then). A hook GitLab disabled after failures is turned back on the way GitLab documents: a test delivery
    /// (<c>POST /hooks/:hook_id/test/push_events</c>) that the host answers with 2xx.
    /// </remarks>
    public async Task<ProviderHook> UpdateHookAsync(RemoteRepositoryIdentity repository, string hookId, ProviderHookSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = await HookPathAsync(repository, hookId, cancellationToken).ConfigureAwait(false);
        var updated = ToHook(await _api.SendAsync(HttpMethod.Put, path, HookBody(settings), GitLabJsonContext.Default.JsonObject, GitLabJsonContext.Default.JsonElement, "update the webhook", cancellationToken).ConfigureAwait(false));
        if (updated.Active)
        {
            return updated;
        }

        using (await _api.SendAsync(HttpMethod.Post, $"{path}/test/push_events", null, "send a test delivery to turn the webhook back on", cancellationToken).ConfigureAwait(false))
        {
        }

        return await GetHookAsync(repository, hookId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitProviderException(BobErrorKind.NotFound, $"The webhook {hookId} of {repository.WebUrl} is gone.", GitProvider.GitLab);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteHookAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken = default)
    {
        var path = await HookPathAsync(repository, hookId, cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await _api.SendAsync(HttpMethod.Delete, path, null, "delete the webhook", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>GET /projects/:id/hooks/:hook_id/events</c> (the last 7 days), 100 a page; a GitLab older than 17.4 answers 404 there,
    /// which is "no log" (the backfill covers it). An entry's delivery id is its <c>Idempotency-Key</c> (else its
    /// <c>X-Gitlab-Event-UUID</c>), as the receiver dedupes it; GitLab records no time, so failures count as seen now.
    /// </remarks>
    public async Task<ProviderHookDeliveryPage?> ListHookDeliveriesAsync(RemoteRepositoryIdentity repository, string hookId, string? cursor, CancellationToken cancellationToken = default)
    {
        var path = await HookPathAsync(repository, hookId, cancellationToken).ConfigureAwait(false);
        List<JsonElement> items;
        string? next;
        try
        {
            (items, next) = await _api.GetPageAsync(cursor ?? $"{path}/events?per_page=100", GitLabJsonContext.Default.ListJsonElement, "list the webhook's events", cancellationToken).ConfigureAwait(false);
        }
        catch (GitProviderException ex) when (ex.Kind == BobErrorKind.NotFound)
        {
            return null;
        }

        var seen = _timeProvider.GetUtcNow();
        return new ProviderHookDeliveryPage(
            [.. items.Select(e =>
            {
                var headers = e.TryGetProperty("request_headers", out var h) && h.ValueKind == JsonValueKind.Object ? h : default;
                var guid = Header(headers, "Idempotency-Key") ?? Header(headers, "X-Gitlab-Event-UUID");
                var status = e.TryGetProperty("response_status", out var s)
                    ? s.ValueKind == JsonValueKind.Number ? s.GetInt32()
                    : int.TryParse(s.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0
                    : 0;
                return new ProviderHookDelivery(e.OptionalText("id") ?? e.GetProperty("id").GetRawText(), guid, seen, status, false, e.OptionalText("trigger"));
            })],
            next);
    }

    /// <inheritdoc />
    /// <remarks>GitLab allows 5 resends a minute per hook and user; past that it answers 429, and the round stops there.</remarks>
    public async Task RedeliverAsync(RemoteRepositoryIdentity repository, string hookId, string deliveryId, CancellationToken cancellationToken = default)
    {
        if (!long.TryParse(deliveryId, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId))
        {
            throw new GitProviderException(BobErrorKind.Invalid, $"'{TextRules.Excerpt(deliveryId)}' is not a GitLab hook event id.", GitProvider.GitLab);
        }

        var path = await HookPathAsync(repository, hookId, cancellationToken).ConfigureAwait(false);
        using var response = await _api.SendAsync(HttpMethod.Post, $"{path}/events/{eventId.ToString(CultureInfo.InvariantCulture)}/resend", null, "resend a webhook event", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> HookPathAsync(RemoteRepositoryIdentity repository, string hookId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(hookId, NumberStyles.None, CultureInfo.InvariantCulture, out var hook))
        {
            throw new GitProviderException(BobErrorKind.Invalid, $"'{TextRules.Excerpt(hookId)}' is not a GitLab hook id.", GitProvider.GitLab);
        }

        var id = await ProjectIdAsync(repository, cancellationToken).ConfigureAwait(false);
        return $"projects/{id}/hooks/{hook.ToString(CultureInfo.InvariantCulture)}";
    }

    private static JsonObject HookBody(ProviderHookSettings settings)
    {
        var body = new JsonObject
        {
            ["url"] = settings.Url,
            ["name"] = "Bob",
            ["description"] = "Made and kept by Bob: pull requests, pushes, comments and pipelines.",
            ["enable_ssl_verification"] = settings.Url.StartsWith("https:", StringComparison.OrdinalIgnoreCase),
        };
        foreach (var name in Events)
        {
            body[name] = true;
        }

        foreach (var name in OtherEvents)
        {
            body[name] = false;
        }

        if (settings.Secret is { } secret)
        {
            body["token"] = secret.Reveal();
        }

        return body;
    }

    /// <summary>A hook as Bob compares it: on while GitLab's <c>alert_status</c> is <c>executable</c> (or absent, before GitLab 15.1).</summary>
    private static ProviderHook ToHook(JsonElement hook) => new(
        hook.GetProperty("id").GetRawText(),
        hook.OptionalText("url") ?? "",
        hook.OptionalText("alert_status") is null or "executable",
        [.. Events.Concat(OtherEvents).Where(name => hook.IsTrue(name))]);

    private static string? Header(JsonElement headers, string name)
    {
        if (headers.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in headers.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }
}
