using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bob.Testing;

/// <summary>
/// Repository webhooks of a fake Gitea (<c>/api/v1</c>), kept and delivered as Gitea's <c>routers/api/v1/utils/hook.go</c> does:
/// <c>GET /repos/{o}/{r}</c> answers <c>permissions.admin</c> as <see cref="Admin"/>; hooks are <c>GET|POST /repos/{o}/{r}/hooks</c>
/// and <c>GET|PATCH|DELETE /hooks/{id}</c>, a <c>PATCH</c> setting each <c>config</c> key given and keeping the secret when it is
/// left out; the secret is never shown. <see cref="DeliverAsync"/> posts with <c>X-Gitea-Event</c>, <c>X-Gitea-Delivery</c> and
/// <c>X-Gitea-Signature</c> (hex HMAC-SHA256 of the body under the hook's secret), and no hook id: Gitea sends none. Gitea's API
/// keeps no delivery log. Thread-safe.
/// </summary>
public sealed class FakeGiteaHooks(string owner, string name)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, JsonObject> _hooks = [];
    private readonly Dictionary<long, string?> _secrets = [];
    private long _next = 30;

    /// <summary>Whether the token is an admin of the repository.</summary>
    public bool Admin { get; set; } = true;

    /// <summary>Sends a delivery; set by the test to reach the receiver.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; set; } = (_, _) => throw new InvalidOperationException("Set Send.");

    /// <summary>The hooks (secrets left out).</summary>
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

    /// <summary>Every secret a hook was given.</summary>
    public List<string> SecretsEverSet { get; } = [];

    private string Repo => $"/api/v1/repos/{owner}/{name}";

    /// <summary>The repository's clone URL on the fake at <paramref name="baseUri"/>.</summary>
    public string RemoteUrl(Uri baseUri) => new Uri(baseUri, $"{owner}/{name}.git").ToString();

    /// <summary>Adds a hook as someone would by hand (a secret Bob does not know).</summary>
    public long AddByHand(string url, string secret)
    {
        lock (_gate)
        {
            var id = ++_next;
            _hooks[id] = NewHook(id, url, ["push"], true);
            _secrets[id] = secret;
            return id;
        }
    }

    /// <summary>Turns a hook off behind Bob's back.</summary>
    public void DeactivateBehindBobsBack(long id)
    {
        lock (_gate)
        {
            _hooks[id]["active"] = false;
        }
    }

    /// <summary>Delivers <paramref name="payload"/> as <paramref name="eventName"/> through every active hook; returns the statuses.</summary>
    public async Task<IReadOnlyList<int>> DeliverAsync(string eventName, byte[] payload)
    {
        List<(string Url, string? Secret)> targets;
        lock (_gate)
        {
            targets = [.. _hooks.Values.Where(h => (bool)h["active"]!).Select(h => ((string)h["config"]!["url"]!, _secrets.GetValueOrDefault((long)h["id"]!)))];
        }

        var statuses = new List<int>();
        foreach (var (url, secret) in targets)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            message.Headers.Add("X-Gitea-Event", eventName);
            message.Headers.Add("X-Gitea-Event-Type", eventName);
            message.Headers.Add("X-Gitea-Delivery", Guid.NewGuid().ToString());
            message.Headers.Add("X-Gitea-Hook-Installation-Target-Type", "repository");
            message.Headers.Add("X-Gitea-Signature", string.IsNullOrEmpty(secret) ? "" : Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), payload)));
            using var response = await Send(message, CancellationToken.None);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Answers what it handles, or <see langword="null"/>.</summary>
    public FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Path == Repo && request.Method == "GET")
        {
            return FakeResponse.Json(200, new JsonObject
            {
                ["id"] = 7,
                ["name"] = name,
                ["full_name"] = $"{owner}/{name}",
                ["default_branch"] = "main",
                ["permissions"] = new JsonObject { ["admin"] = Admin, ["push"] = true, ["pull"] = true },
            }.ToJsonString());
        }

        if (!request.Path.StartsWith($"{Repo}/hooks", StringComparison.Ordinal))
        {
            return null;
        }

        if (!Admin)
        {
            return FakeResponse.Json(403, """{"message":"Must have admin permissions"}""");
        }

        var rest = request.Path[$"{Repo}/hooks".Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (_gate)
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
                return FakeResponse.Json(404, """{"message":"The target couldn't be found."}""");
            }

            switch (request.Method)
            {
                case "GET":
                    return FakeResponse.Json(200, hook.ToJsonString());
                case "DELETE":
                    _hooks.Remove(id);
                    return new FakeResponse(204);
                case "PATCH":
                    var body = request.Json;
                    if (body.TryGetProperty("config", out var config))
                    {
                        if (config.TryGetProperty("url", out var url))
                        {
                            hook["config"]!["url"] = url.GetString();
                        }

                        if (config.TryGetProperty("content_type", out var type))
                        {
                            hook["config"]!["content_type"] = type.GetString();
                        }

                        if (config.TryGetProperty("secret", out var secret))
                        {
                            _secrets[id] = Remember(secret.GetString());
                        }
                    }

                    hook["events"] = Expand(body.TryGetProperty("events", out var events) ? [.. events.EnumerateArray().Select(e => e.GetString()!)] : ["push"]);
                    if (body.TryGetProperty("active", out var active))
                    {
                        hook["active"] = active.GetBoolean();
                    }

                    return FakeResponse.Json(200, hook.ToJsonString());
                default:
                    return null;
            }
        }
    }

    private FakeResponse Create(JsonElement body)
    {
        if (!body.TryGetProperty("type", out var type) || type.GetString() is not ("gitea" or "forgejo") || !body.TryGetProperty("config", out var config)
            || !config.TryGetProperty("url", out var url) || !config.TryGetProperty("content_type", out var contentType))
        {
            return FakeResponse.Json(422, """{"message":"Missing config option: url, content_type"}""");
        }

        var id = ++_next;
        var hook = NewHook(id, url.GetString()!, body.TryGetProperty("events", out var events) ? [.. events.EnumerateArray().Select(e => e.GetString()!)] : ["push"], body.TryGetProperty("active", out var active) && active.GetBoolean());
        hook["config"]!["content_type"] = contentType.GetString();
        _hooks[id] = hook;
        _secrets[id] = Remember(config.TryGetProperty("secret", out var secret) ? secret.GetString() : null);
        return FakeResponse.Json(201, hook.ToJsonString());
    }

    private string? Remember(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            SecretsEverSet.Add(secret);
        }

        return secret;
    }

    /// <summary>The events as Gitea lists them back: <c>pull_request</c> turns on every pull request kind, a review as its three kinds.</summary>
    private static JsonArray Expand(IReadOnlyList<string> events)
    {
        var listed = new List<string>();
        foreach (var e in events)
        {
            if (e == "pull_request_review")
            {
                listed.AddRange(["pull_request_review_approved", "pull_request_review_rejected", "pull_request_review_comment"]);
            }
            else
            {
                listed.Add(e);
            }
        }

        return new JsonArray([.. listed.Distinct().Select(e => JsonValue.Create(e))]);
    }

    private static JsonObject NewHook(long id, string url, IReadOnlyList<string> events, bool active) => new()
    {
        ["id"] = id,
        ["type"] = "gitea",
        ["branch_filter"] = "*",
        ["config"] = new JsonObject { ["url"] = url, ["content_type"] = "json" },
        ["events"] = Expand(events),
        ["authorization_header"] = "",
        ["active"] = active,
        ["updated_at"] = "2026-12-07T10:00:00Z",
        ["created_at"] = "2026-12-07T10:00:00Z",
    };
}
