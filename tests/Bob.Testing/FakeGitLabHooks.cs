using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// Project webhooks of a fake GitLab (REST v4 under <c>{prefix}/api/v4</c>), kept and delivered the way GitLab documents them:
/// <list type="bullet">
/// <item><c>GET /projects/:path</c> answers the project with <c>permissions.project_access.access_level</c> <see cref="AccessLevel"/>;
/// hooks need Maintainer (40): below it every hook route answers 403.</item>
/// <item><c>GET|POST /projects/:id/hooks</c>, <c>GET|PUT|DELETE /hooks/:hook_id</c>: the <c>token</c> is never shown; a <c>PUT</c>
/// that changes the URL without a token resets it, as GitLab does.</item>
/// <item><see cref="DeliverAsync"/> posts to every executable hook subscribed to the event, with <c>X-Gitlab-Event</c>,
/// <c>X-Gitlab-Token</c>, <c>X-Gitlab-Event-UUID</c>, <c>Idempotency-Key</c>, <c>X-Gitlab-Instance</c> and
/// <c>X-Gitlab-Webhook-UUID</c>, and records each attempt in the hook's events.</item>
/// <item><c>GET /hooks/:hook_id/events</c> lists them newest first (<c>page</c>, <c>per_page</c>, <c>X-Next-Page</c>); a GitLab
/// older than 17.4 (<see cref="HasEventLog"/> false) answers 404 there. <c>POST /events/:id/resend</c> sends one again with its
/// <c>Idempotency-Key</c>, 5 a minute per hook, 429 past that.</item>
/// <item><c>POST /hooks/:hook_id/test/push_events</c> sends a test push; a 2xx answer turns a disabled hook back on.</item>
/// </list>
/// Thread-safe.
/// </summary>
public sealed class FakeGitLabHooks(string owner, string name, string prefix = "/gitlab", long projectId = 3)
{
    private static readonly Dictionary<string, string> EventFlags = new(StringComparer.Ordinal)
    {
        ["Merge Request Hook"] = "merge_requests_events",
        ["Push Hook"] = "push_events",
        ["Note Hook"] = "note_events",
        ["Pipeline Hook"] = "pipeline_events",
    };

    private readonly Lock _gate = new();
    private readonly Dictionary<long, JsonObject> _hooks = [];
    private readonly Dictionary<long, string?> _tokens = [];
    private readonly List<Logged> _log = [];
    private readonly ConcurrentDictionary<string, int> _resends = new(StringComparer.Ordinal);
    private readonly List<DateTimeOffset> _resendTimes = [];
    private long _nextHook = 700;
    private long _nextEvent = 5_000;

    /// <summary>The token's access level on the project (GitLab: 30 Developer, 40 Maintainer).</summary>
    public int AccessLevel { get; set; } = 40;

    /// <summary>The clock GitLab's resend limit is judged by.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>Whether the instance has the hook events API (GitLab 17.4 and later).</summary>
    public bool HasEventLog { get; set; } = true;

    /// <summary>Sends a delivery; set by the test to reach the receiver.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; set; } = (_, _) => throw new InvalidOperationException("Set Send.");

    /// <summary>The hooks as GitLab keeps them (tokens left out).</summary>
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

    /// <summary>Every token a hook was given.</summary>
    public List<string> TokensEverSet { get; } = [];

    /// <summary>How often the delivery with this <c>Idempotency-Key</c> was resent.</summary>
    public int Resends(string key) => _resends.GetValueOrDefault(key);

    /// <summary>How many test deliveries were sent.</summary>
    public int Tests { get; private set; }

    private string Projects => $"{prefix}/api/v4/projects";

    /// <summary>Disables a hook, as GitLab does after it fails four times.</summary>
    public void DisableBehindBobsBack(long hookId)
    {
        lock (_gate)
        {
            _hooks[hookId]["alert_status"] = "disabled";
        }
    }

    /// <summary>Delivers <paramref name="payload"/> as <paramref name="eventName"/> (<c>Merge Request Hook</c>, ...) through every subscribed, executable hook.</summary>
    public async Task<IReadOnlyList<(string Key, int Status)>> DeliverAsync(string eventName, byte[] payload, bool unreachable = false)
    {
        List<(long Id, string Url, string? Token)> targets;
        lock (_gate)
        {
            targets = [.. _hooks.Values
                .Where(h => (string?)h["alert_status"] == "executable" && (bool)h[EventFlags[eventName]]!)
                .Select(h => ((long)h["id"]!, (string)h["url"]!, _tokens.GetValueOrDefault((long)h["id"]!)))];
        }

        var results = new List<(string, int)>();
        foreach (var (id, url, token) in targets)
        {
            var key = Guid.NewGuid().ToString();
            results.Add((key, await SendAsync(id, url, token, eventName, payload, key, unreachable)));
        }

        return results;
    }

    /// <summary>Answers what it handles, or <see langword="null"/>.</summary>
    public FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method == "GET" && request.Path == $"{Projects}/{Uri.EscapeDataString($"{owner}/{name}")}" || request.Path == $"{Projects}/{projectId}" && request.Method == "GET")
        {
            return FakeResponse.Json(200, new JsonObject
            {
                ["id"] = projectId,
                ["path_with_namespace"] = $"{owner}/{name}",
                ["default_branch"] = "main",
                ["permissions"] = new JsonObject { ["project_access"] = new JsonObject { ["access_level"] = AccessLevel, ["notification_level"] = 3 }, ["group_access"] = null },
            }.ToJsonString());
        }

        var hooksPath = $"{Projects}/{projectId}/hooks";
        if (!request.Path.StartsWith(hooksPath, StringComparison.Ordinal))
        {
            return null;
        }

        if (AccessLevel < 40)
        {
            return FakeResponse.Json(403, """{"message":"403 Forbidden"}""");
        }

        var rest = request.Path[hooksPath.Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        Func<FakeResponse>? outside = null; // sends happen without the lock: the receiver's answer is awaited
        FakeResponse? answer;
        lock (_gate)
        {
            answer = Locked();
        }

        return outside is null ? answer : outside();

        FakeResponse? Locked()
        {
            if (rest.Length == 0)
            {
                return request.Method switch
                {
                    "GET" => FakeResponse.Json(200, new JsonArray([.. _hooks.Values.Select(h => h.DeepClone())]).ToJsonString()),
                    "POST" => Create(request.Json),
                    _ => null,
                };
            }

            if (!long.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !_hooks.TryGetValue(id, out var hook))
            {
                return FakeResponse.Json(404, """{"message":"404 Not found"}""");
            }

            switch (rest.Length, request.Method)
            {
                case (1, "GET"):
                    return FakeResponse.Json(200, hook.ToJsonString());
                case (1, "DELETE"):
                    _hooks.Remove(id);
                    return new FakeResponse(204);
                case (1, "PUT"):
                    return Update(id, hook, request.Json);
                case (3, "POST") when rest[1] == "test" && rest[2] == "push_events":
                    Tests++;
                    var url = (string)hook["url"]!;
                    var token = _tokens.GetValueOrDefault(id);
                    outside = () =>
                    {
                        var status = SendAsync(id, url, token, "Push Hook", """{"object_kind":"push","event_name":"push","ref":"refs/heads/main","project":{"path_with_namespace":"test/test"},"commits":[]}"""u8.ToArray(), Guid.NewGuid().ToString(), false).GetAwaiter().GetResult();
                        if (status is >= 200 and < 300)
                        {
                            lock (_gate)
                            {
                                hook["alert_status"] = "executable";
                            }
                        }

                        return FakeResponse.Json(201, """{"message":"201 Created"}""");
                    };
                    return null;
                case (2, "GET") when rest[1] == "events":
                    return HasEventLog ? Events(id, request) : FakeResponse.Json(404, """{"error":"404 Not Found"}""");
                case (4, "POST") when rest[1] == "events" && rest[3] == "resend":
                    if (!HasEventLog)
                    {
                        return FakeResponse.Json(404, """{"error":"404 Not Found"}""");
                    }

                    var resend = Resend(id, rest[2], out var send);
                    outside = send is null ? null : () =>
                    {
                        var status = send();
                        return FakeResponse.Json(200, $$"""{"response_status":{{status}}}""");
                    };
                    return resend;
                default:
                    return null;
            }
        }
    }

    private FakeResponse Create(JsonElement body)
    {
        if (!body.TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 } target)
        {
            return FakeResponse.Json(400, """{"error":"url is missing"}""");
        }

        var id = ++_nextHook;
        var hook = new JsonObject
        {
            ["id"] = id,
            ["url"] = target,
            ["name"] = body.TryGetProperty("name", out var n) ? n.GetString() : null,
            ["project_id"] = projectId,
            ["alert_status"] = "executable",
            ["disabled_until"] = null,
            ["created_at"] = "2026-12-07T10:00:00.000Z",
            ["enable_ssl_verification"] = !body.TryGetProperty("enable_ssl_verification", out var ssl) || ssl.GetBoolean(),
        };
        foreach (var flag in new[] { "push_events", "merge_requests_events", "note_events", "pipeline_events", "issues_events", "tag_push_events", "job_events", "wiki_page_events" })
        {
            hook[flag] = body.TryGetProperty(flag, out var on) ? on.GetBoolean() : flag == "push_events";
        }

        _hooks[id] = hook;
        _tokens[id] = Token(body);
        return FakeResponse.Json(201, hook.ToJsonString());
    }

    private FakeResponse Update(long id, JsonObject hook, JsonElement body)
    {
        if (!body.TryGetProperty("url", out var url))
        {
            return FakeResponse.Json(400, """{"error":"url is missing"}""");
        }

        var changedUrl = url.GetString() != (string?)hook["url"];
        hook["url"] = url.GetString();
        foreach (var property in body.EnumerateObject().Where(p => p.Name.EndsWith("_events", StringComparison.Ordinal)))
        {
            hook[property.Name] = property.Value.GetBoolean();
        }

        if (body.TryGetProperty("token", out _))
        {
            _tokens[id] = Token(body);
        }
        else if (changedUrl)
        {
            _tokens[id] = null; // "When you change the webhook URL, the secret token is reset and not retained."
        }

        return FakeResponse.Json(200, hook.ToJsonString());
    }

    private FakeResponse Events(long id, RecordedRequest request)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.Query);
        var perPage = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) ? p : 20;
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) ? n : 1;
        var all = _log.Where(e => e.HookId == id).OrderByDescending(e => e.Id).ToList();
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(e => (JsonNode)new JsonObject
        {
            ["id"] = e.Id,
            ["url"] = e.Url,
            ["trigger"] = e.Event == "Push Hook" ? "push_hooks" : "merge_request_hooks",
            ["request_headers"] = new JsonObject
            {
                ["Content-Type"] = "application/json",
                ["User-Agent"] = "GitLab/17.6.0",
                ["Idempotency-Key"] = e.Key,
                ["X-Gitlab-Event"] = e.Event,
                ["X-Gitlab-Event-UUID"] = Guid.NewGuid().ToString(),
                ["X-Gitlab-Token"] = "[REDACTED]",
            },
            ["request_data"] = JsonNode.Parse(e.Payload),
            ["response_headers"] = new JsonObject(),
            ["response_body"] = "",
            ["execution_duration"] = 0.1,
            ["response_status"] = e.Status == 0 ? "internal error" : e.Status.ToString(CultureInfo.InvariantCulture),
        });
        var headers = new Dictionary<string, string>();
        if (page * perPage < all.Count)
        {
            headers["X-Next-Page"] = (page + 1).ToString(CultureInfo.InvariantCulture);
            headers["Link"] = $"<http://{request.Header("Host")}{Projects}/{projectId}/hooks/{id}/events?page={page + 1}&per_page={perPage}>; rel=\"next\"";
        }

        return FakeResponse.Json(200, new JsonArray([.. items]).ToJsonString(), headers);
    }

    private FakeResponse? Resend(long id, string eventId, out Func<int>? send)
    {
        send = null;
        var original = _log.FirstOrDefault(e => e.HookId == id && e.Id.ToString(CultureInfo.InvariantCulture) == eventId);
        if (original is null)
        {
            return FakeResponse.Json(404, """{"message":"404 Not found"}""");
        }

        var now = Now();
        _resendTimes.RemoveAll(t => now - t > TimeSpan.FromMinutes(1));
        if (_resendTimes.Count >= 5)
        {
            return FakeResponse.Json(429, """{"message":"This endpoint has been requested too many times. Try again later."}""", new Dictionary<string, string> { ["Retry-After"] = "60" });
        }

        _resendTimes.Add(now);
        _resends.AddOrUpdate(original.Key, 1, (_, c) => c + 1);
        var hook = _hooks[id];
        var (url, token) = ((string)hook["url"]!, _tokens.GetValueOrDefault(id));
        send = () => SendAsync(id, url, token, original.Event, original.Payload, original.Key, false).GetAwaiter().GetResult();
        return null;
    }

    private async Task<int> SendAsync(long hookId, string url, string? token, string eventName, byte[] payload, string key, bool unreachable)
    {
        var status = 0;
        if (!unreachable)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.UserAgent.ParseAdd("GitLab/17.6.0");
            message.Headers.Add("X-Gitlab-Event", eventName);
            message.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
            message.Headers.Add("Idempotency-Key", key);
            message.Headers.Add("X-Gitlab-Instance", "http://127.0.0.1");
            message.Headers.Add("X-Gitlab-Webhook-UUID", $"00000000-0000-0000-0000-{hookId:D12}");
            if (!string.IsNullOrEmpty(token))
            {
                message.Headers.Add("X-Gitlab-Token", token);
            }

            try
            {
                using var response = await Send(message, CancellationToken.None);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }
        }

        lock (_gate)
        {
            _log.Add(new Logged(++_nextEvent, hookId, url, eventName, payload, key, status));
        }

        return status;
    }

    private string? Token(JsonElement body)
    {
        var token = body.TryGetProperty("token", out var t) ? t.GetString() : null;
        if (!string.IsNullOrEmpty(token))
        {
            TokensEverSet.Add(token);
        }

        return token;
    }

    private sealed record Logged(long Id, long HookId, string Url, string Event, byte[] Payload, string Key, int Status);
}
