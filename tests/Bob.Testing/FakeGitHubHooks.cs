using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// Repository webhooks of a fake GitHub (REST under <c>/api/v3</c> as on Enterprise Server), kept and delivered the way GitHub
/// documents them:
/// <list type="bullet">
/// <item><c>GET /repos/{o}/{r}</c> answers <c>permissions.admin</c> as <see cref="Admin"/> and the token's <c>X-OAuth-Scopes</c> as <see cref="Scopes"/>.</item>
/// <item><c>GET|POST /repos/{o}/{r}/hooks</c>, <c>GET|PATCH|DELETE /hooks/{id}</c>, <c>PATCH /hooks/{id}/config</c>: a create needs
/// <c>name</c> <c>web</c>, <c>config.url</c> and <c>config.content_type</c> <c>json</c>; a <c>PATCH /hooks/{id}</c> whose <c>config</c> has no
/// <c>secret</c> removes the secret, as GitHub warns; answers never show a secret (<c>********</c>).</item>
/// <item><see cref="DeliverAsync"/> posts an event to every active hook subscribed to it, signed with that hook's secret
/// (<c>X-Hub-Signature-256</c>), with <c>X-GitHub-Event</c>, <c>X-GitHub-Delivery</c>, <c>X-GitHub-Hook-ID</c>,
/// <c>X-GitHub-Enterprise-Host</c> and a <c>GitHub-Hookshot</c> user agent, and logs each attempt with its status code.</item>
/// <item><c>GET /hooks/{id}/deliveries</c> lists that log newest first, <see cref="DeliveriesPerPage"/> a page, cursor paged through
/// <c>Link</c>; <c>POST /hooks/{id}/deliveries/{delivery_id}/attempts</c> sends the delivery again with the same GUID (202).</item>
/// </list>
/// A made hook gets a <c>ping</c> right after it is made, as on GitHub. Thread-safe.
/// </summary>
public sealed class FakeGitHubHooks(string owner, string name, string enterpriseHost = "127.0.0.1")
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, JsonObject> _hooks = [];
    private readonly Dictionary<long, string?> _secrets = [];
    private readonly List<LoggedDelivery> _log = [];
    private readonly ConcurrentDictionary<string, int> _redeliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _pings = [];
    private long _nextHookId = 400_000;
    private long _nextDeliveryId = 90_000_000;

    /// <summary>Whether the token is an admin of the repository.</summary>
    public bool Admin { get; set; } = true;

    /// <summary>The token's <c>X-OAuth-Scopes</c>, or <see langword="null"/> to send none (a fine-grained token).</summary>
    public string? Scopes { get; set; } = "repo, admin:repo_hook";

    /// <summary>How many log entries a page of the delivery log holds.</summary>
    public int DeliveriesPerPage { get; set; } = 100;

    /// <summary>Sends a delivery: the real HTTP client by default; an in-process host's client in tests that use one.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; set; } = DefaultSend;

    /// <summary>Every request to the hooks API, to check against the documentation.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The hooks as GitHub keeps them (secrets left out).</summary>
    public IReadOnlyList<JsonObject> Hooks
    {
        get
        {
            lock (_gate)
            {
                return [.. _hooks.Values.Select(h => (JsonObject)h.DeepClone())];
            }
        }
    }

    /// <summary>The secrets the hooks were given, to check none leaks (never shown by the API).</summary>
    public IReadOnlyList<string> SecretsEverSet { get; private set; } = [];

    /// <summary>Every delivery attempt, oldest first.</summary>
    public IReadOnlyList<LoggedDelivery> Log
    {
        get
        {
            lock (_gate)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>How often the delivery <paramref name="guid"/> was asked for again.</summary>
    public int Redeliveries(string guid) => _redeliveries.GetValueOrDefault(guid);

    /// <summary>Waits for the pings sent after hooks were made.</summary>
    public Task PingsSentAsync() => Task.WhenAll(_pings.ToArray());

    private string Repo => $"/api/v3/repos/{owner}/{name}";

    /// <summary>Deletes a hook behind Bob's back (someone did it in the settings).</summary>
    public void DeleteBehindBobsBack(long hookId)
    {
        lock (_gate)
        {
            _hooks.Remove(hookId);
        }
    }

    /// <summary>Changes a hook behind Bob's back: turns it off, or points it elsewhere.</summary>
    public void ChangeBehindBobsBack(long hookId, bool? active = null, string? url = null, string[]? events = null)
    {
        lock (_gate)
        {
            var hook = _hooks[hookId];
            if (active is { } a)
            {
                hook["active"] = a;
            }

            if (url is not null)
            {
                hook["config"]!["url"] = url;
            }

            if (events is not null)
            {
                hook["events"] = new JsonArray([.. events.Select(e => JsonValue.Create(e))]);
            }
        }
    }

    /// <summary>Adds a hook as someone would by hand in the settings (with a secret Bob does not know).</summary>
    public long AddByHand(string url, string secret, params string[] events)
    {
        lock (_gate)
        {
            var id = ++_nextHookId;
            _hooks[id] = NewHook(id, url, events.Length == 0 ? ["push"] : events, true);
            _secrets[id] = secret;
            return id;
        }
    }

    /// <summary>
    /// Delivers <paramref name="payload"/> as event <paramref name="eventName"/> through every active hook subscribed to it, as
    /// GitHub does; returns the attempts. With <paramref name="unreachable"/>, the host is not reached (as when it is down):
    /// each attempt is logged as failed with status 0 and nothing is sent.
    /// </summary>
    public async Task<IReadOnlyList<LoggedDelivery>> DeliverAsync(string eventName, byte[] payload, bool unreachable = false, CancellationToken cancellationToken = default)
    {
        List<(long Id, string Url, string? Secret)> targets;
        lock (_gate)
        {
            targets = [.. _hooks.Values
                .Where(h => (bool)h["active"]! && h["events"]!.AsArray().Any(e => (string?)e == eventName || (string?)e == "*"))
                .Select(h => ((long)h["id"]!, (string)h["config"]!["url"]!, _secrets.GetValueOrDefault((long)h["id"]!)))];
        }

        var attempts = new List<LoggedDelivery>();
        foreach (var (id, url, secret) in targets)
        {
            attempts.Add(await SendAsync(id, url, secret, Guid.NewGuid().ToString(), eventName, payload, redelivery: false, unreachable, cancellationToken));
        }

        return attempts;
    }

    /// <summary>Answers what it handles (the hooks API), or <see langword="null"/> for the next handler.</summary>
    public FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Path == Repo && request.Method == "GET")
        {
            Requests.Enqueue(request);
            var headers = Scopes is null ? null : new Dictionary<string, string> { ["X-OAuth-Scopes"] = Scopes };
            return FakeResponse.Json(200, new JsonObject
            {
                ["id"] = 1296269,
                ["name"] = name,
                ["full_name"] = $"{owner}/{name}",
                ["default_branch"] = "main",
                ["permissions"] = new JsonObject { ["admin"] = Admin, ["maintain"] = Admin, ["push"] = true, ["triage"] = true, ["pull"] = true },
            }.ToJsonString(), headers);
        }

        if (!request.Path.StartsWith($"{Repo}/hooks", StringComparison.Ordinal))
        {
            return null;
        }

        Requests.Enqueue(request);
        if (!Admin)
        {
            return FakeResponse.Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/webhooks/repos","status":"404"}""");
        }

        var rest = request.Path[$"{Repo}/hooks".Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
        {
            if (rest.Length == 0)
            {
                return request.Method switch
                {
                    "GET" => FakeResponse.Json(200, new JsonArray([.. _hooks.Values.Select(Shown)]).ToJsonString()),
                    "POST" => Create(request),
                    _ => null,
                };
            }

            if (!long.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !_hooks.TryGetValue(id, out var hook))
            {
                return FakeResponse.Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/webhooks/repos#get-a-repository-webhook","status":"404"}""");
            }

            switch (rest.Length, request.Method)
            {
                case (1, "GET"):
                    return FakeResponse.Json(200, Shown(hook).ToJsonString());
                case (1, "DELETE"):
                    _hooks.Remove(id);
                    return new FakeResponse(204);
                case (1, "PATCH"):
                    return Update(id, hook, request.Json);
                case (2, "PATCH") when rest[1] == "config":
                    return UpdateConfig(id, hook, request.Json);
                case (2, "GET") when rest[1] == "deliveries":
                    return Deliveries(id, request);
                case (4, "POST") when rest[1] == "deliveries" && rest[3] == "attempts":
                    return Redeliver(id, rest[2]);
                default:
                    return null;
            }
        }
    }

    private FakeResponse Create(RecordedRequest request)
    {
        var body = request.Json;
        if (!body.TryGetProperty("config", out var config) || !config.TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 } target
            || (body.TryGetProperty("name", out var kind) && kind.GetString() != "web"))
        {
            return FakeResponse.Json(422, """{"message":"Validation Failed","errors":[{"resource":"Hook","code":"custom","message":"Config must have a url"}],"status":"422"}""");
        }

        if (!config.TryGetProperty("content_type", out var type) || type.GetString() != "json")
        {
            return FakeResponse.Json(422, """{"message":"Bob asks for JSON: content_type must be json in this fake","status":"422"}""");
        }

        if (_hooks.Values.Any(h => (string?)h["config"]!["url"] == target))
        {
            return FakeResponse.Json(422, """{"message":"Validation Failed","errors":[{"resource":"Hook","code":"custom","message":"Hook already exists on this repository"}],"status":"422"}""");
        }

        var id = ++_nextHookId;
        var events = body.TryGetProperty("events", out var list) ? [.. list.EnumerateArray().Select(e => e.GetString()!)] : new[] { "push" };
        var hook = NewHook(id, target, events, !body.TryGetProperty("active", out var active) || active.GetBoolean());
        _hooks[id] = hook;
        _secrets[id] = SecretOf(config);
        var pinged = Task.Run(() => SendAsync(id, target, _secrets[id], Guid.NewGuid().ToString(), "ping", """{"zen":"Keep it logically awesome.","hook_id":1}"""u8.ToArray(), false, false, CancellationToken.None));
        _pings.Add(pinged);
        return FakeResponse.Json(201, Shown(hook).ToJsonString());
    }

    private FakeResponse Update(long id, JsonObject hook, JsonElement body)
    {
        if (body.TryGetProperty("active", out var active))
        {
            hook["active"] = active.GetBoolean();
        }

        if (body.TryGetProperty("events", out var events))
        {
            hook["events"] = JsonNode.Parse(events.GetRawText());
        }

        if (body.TryGetProperty("config", out var config))
        {
            // GitHub: "If you previously had a secret set, you must provide the same secret or set a new secret or the secret will be removed."
            hook["config"] = new JsonObject
            {
                ["url"] = config.TryGetProperty("url", out var url) ? url.GetString() : (string?)hook["config"]!["url"],
                ["content_type"] = config.TryGetProperty("content_type", out var type) ? type.GetString() : "form",
                ["insecure_ssl"] = "0",
            };
            _secrets[id] = SecretOf(config);
        }

        return FakeResponse.Json(200, Shown(hook).ToJsonString());
    }

    private FakeResponse UpdateConfig(long id, JsonObject hook, JsonElement config)
    {
        var kept = (JsonObject)hook["config"]!;
        foreach (var property in config.EnumerateObject())
        {
            if (property.Name == "secret")
            {
                _secrets[id] = property.Value.GetString();
            }
            else
            {
                kept[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return FakeResponse.Json(200, Shown(hook)["config"]!.ToJsonString());
    }

    private FakeResponse Deliveries(long id, RecordedRequest request)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Query);
        var newestFirst = _log.Where(d => d.HookId == id).OrderByDescending(d => d.Id).ToList();
        var start = query["cursor"] is { } cursor ? newestFirst.FindIndex(d => d.Id.ToString(CultureInfo.InvariantCulture) == cursor) : 0;
        if (start < 0)
        {
            return FakeResponse.Json(422, """{"message":"Invalid cursor","status":"422"}""");
        }

        var page = newestFirst.Skip(start).Take(DeliveriesPerPage).ToList();
        var headers = new Dictionary<string, string>();
        if (start + DeliveriesPerPage < newestFirst.Count)
        {
            var next = newestFirst[start + DeliveriesPerPage].Id;
            headers["Link"] = $"<http://{request.Header("Host")}{Repo}/hooks/{id}/deliveries?per_page={DeliveriesPerPage}&cursor={next}>; rel=\"next\"";
        }

        var items = new JsonArray([.. page.Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d.Id,
            ["guid"] = d.Guid,
            ["delivered_at"] = d.DeliveredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["redelivery"] = d.Redelivery,
            ["duration"] = 0.27,
            ["status"] = d.StatusCode is >= 200 and < 300 ? "OK" : d.StatusCode == 0 ? "failed to connect to host" : $"Invalid HTTP Response: {d.StatusCode}",
            ["status_code"] = d.StatusCode,
            ["event"] = d.Event,
            ["action"] = null,
            ["installation_id"] = null,
            ["repository_id"] = 1296269,
        })]);
        return FakeResponse.Json(200, items.ToJsonString(), headers);
    }

    private FakeResponse Redeliver(long id, string deliveryId)
    {
        var original = _log.FirstOrDefault(d => d.HookId == id && d.Id.ToString(CultureInfo.InvariantCulture) == deliveryId);
        if (original is null)
        {
            return FakeResponse.Json(404, """{"message":"Not Found","status":"404"}""");
        }

        _redeliveries.AddOrUpdate(original.Guid, 1, (_, n) => n + 1);
        var hook = _hooks[id];
        var secret = _secrets.GetValueOrDefault(id);
        var url = (string)hook["config"]!["url"]!;
        _pings.Add(Task.Run(() => SendAsync(id, url, secret, original.Guid, original.Event, original.Payload, true, false, CancellationToken.None)));
        return FakeResponse.Json(202, "{}");
    }

    private async Task<LoggedDelivery> SendAsync(long hookId, string url, string? secret, string guid, string eventName, byte[] payload, bool redelivery, bool unreachable, CancellationToken cancellationToken)
    {
        var status = 0;
        if (!unreachable)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
            message.Headers.Add("X-GitHub-Event", eventName);
            message.Headers.Add("X-GitHub-Delivery", guid);
            message.Headers.Add("X-GitHub-Hook-ID", hookId.ToString(CultureInfo.InvariantCulture));
            message.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "repository");
            message.Headers.Add("X-GitHub-Hook-Installation-Target-ID", "1296269");
            message.Headers.Add("X-GitHub-Enterprise-Host", enterpriseHost);
            message.Headers.Add("X-GitHub-Enterprise-Version", "3.14.0");
            if (!string.IsNullOrEmpty(secret))
            {
                message.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), payload)));
            }

            try
            {
                using var response = await Send(message, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
        }

        lock (_gate)
        {
            var logged = new LoggedDelivery(++_nextDeliveryId, hookId, guid, eventName, payload, status, redelivery, DateTimeOffset.UtcNow);
            _log.Add(logged);
            return logged;
        }
    }

    private string? SecretOf(JsonElement config)
    {
        var secret = config.TryGetProperty("secret", out var s) ? s.GetString() : null;
        if (!string.IsNullOrEmpty(secret))
        {
            SecretsEverSet = [.. SecretsEverSet, secret];
        }

        return secret;
    }

    private JsonObject NewHook(long id, string url, IEnumerable<string> events, bool active) => new()
    {
        ["type"] = "Repository",
        ["id"] = id,
        ["name"] = "web",
        ["active"] = active,
        ["events"] = new JsonArray([.. events.Select(e => JsonValue.Create(e))]),
        ["config"] = new JsonObject { ["url"] = url, ["content_type"] = "json", ["insecure_ssl"] = "0" },
        ["updated_at"] = "2026-12-07T10:00:00Z",
        ["created_at"] = "2026-12-07T10:00:00Z",
        ["url"] = $"https://api.github.example{Repo}/hooks/{id}",
        ["test_url"] = $"https://api.github.example{Repo}/hooks/{id}/test",
        ["ping_url"] = $"https://api.github.example{Repo}/hooks/{id}/pings",
        ["deliveries_url"] = $"https://api.github.example{Repo}/hooks/{id}/deliveries",
        ["last_response"] = new JsonObject { ["code"] = null, ["status"] = "unused", ["message"] = null },
    };

    private JsonObject Shown(JsonObject hook)
    {
        var shown = (JsonObject)hook.DeepClone();
        if (!string.IsNullOrEmpty(_secrets.GetValueOrDefault((long)hook["id"]!)))
        {
            shown["config"]!["secret"] = "********";
        }

        return shown;
    }

    private static readonly HttpClient Shared = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static Task<HttpResponseMessage> DefaultSend(HttpRequestMessage request, CancellationToken cancellationToken) => Shared.SendAsync(request, cancellationToken);
}

/// <summary>One delivery attempt in a fake provider's log.</summary>
/// <param name="Id">The log entry's id.</param>
/// <param name="HookId">The hook it went through.</param>
/// <param name="Guid">The delivery's GUID (kept by redeliveries).</param>
/// <param name="Event">The event.</param>
/// <param name="Payload">The body sent.</param>
/// <param name="StatusCode">What the host answered; 0 when it was not reached.</param>
/// <param name="Redelivery">Whether it was a redelivery.</param>
/// <param name="DeliveredAt">When.</param>
public sealed record LoggedDelivery(long Id, long HookId, string Guid, string Event, byte[] Payload, int StatusCode, bool Redelivery, DateTimeOffset DeliveredAt);
