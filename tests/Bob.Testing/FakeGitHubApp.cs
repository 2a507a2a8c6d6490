using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Web;

namespace Bob.Testing;

/// <summary>
/// The GitHub App side of a fake GitHub (Enterprise Server: REST under <see cref="ApiPrefix"/>, OAuth at the web root),
/// checked the way GitHub documents it:
/// <list type="bullet">
/// <item>App JWTs (<c>POST /app/installations/{id}/access_tokens</c>, <c>GET /repos/{o}/{r}/installation</c>) are verified with the
/// App's public key: RS256, <c>iat</c> not in the future, <c>exp</c> after now and at most 10 minutes on, <c>iss</c> the client
/// id; a bad one is 401 and counted in <see cref="RefusedJwts"/>.</item>
/// <item>Installation tokens last <see cref="InstallationTokenLifetime"/>; an uninstalled installation answers 404, a suspended one 403.</item>
/// <item>The user authorization: codes from <see cref="IssueCode"/> (single use, PKCE checked when issued with a challenge) give
/// an access token of <see cref="UserTokenLifetime"/> and a refresh token; a refresh rotates both, and a refresh token used
/// twice is refused (<c>bad_refresh_token</c>, HTTP 200 as GitHub answers).</item>
/// <item><c>GET /user</c>, <c>GET /user/installations</c> (the installations a user can see) and <c>GET /installation/repositories</c>.</item>
/// </list>
/// Anything else is left to the next handler. Thread-safe.
/// </summary>
public sealed class FakeGitHubApp : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (long Installation, DateTimeOffset ExpiresAt)> _installationTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Login, DateTimeOffset ExpiresAt)> _userTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Login, string? Challenge)> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, int> _mints = new();
    private readonly ConcurrentBag<string> _jwts = [];
    private int _refreshes;
    private int _refusedJwts;

    /// <summary>The App's client id (the JWT's expected <c>iss</c>).</summary>
    public string ClientId { get; } = "Iv23liFakeAppClient";

    /// <summary>The App's client secret.</summary>
    public string ClientSecret { get; } = "fake-app-client-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>The App's slug.</summary>
    public string Slug { get; } = "bob-test-app";

    /// <summary>The REST prefix: <c>/api/v3</c> as on GitHub Enterprise Server.</summary>
    public string ApiPrefix { get; init; } = "/api/v3";

    /// <summary>The clock the fake judges JWTs and expiries by.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>How long minted installation tokens last (GitHub: one hour).</summary>
    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long GitHub takes to answer a mint, so that concurrent callers overlap it.</summary>
    public TimeSpan MintDelay { get; set; }

    /// <summary>How long user tokens last (GitHub: 8 hours).</summary>
    public TimeSpan UserTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The installations: id → account, whether they cover all its repositories, the selected ones, suspended, deleted, who can see them.</summary>
    public ConcurrentDictionary<long, Installation> Installations { get; } = new();

    /// <summary>The App's private key as GitHub lets you download it (PKCS#1 PEM).</summary>
    public string PrivateKeyPem => _key.ExportRSAPrivateKeyPem();

    /// <summary>How many installation tokens were minted for <paramref name="installationId"/>.</summary>
    public int Mints(long installationId) => _mints.GetValueOrDefault(installationId);

    /// <summary>How many refreshes of user tokens succeeded.</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>How many JWTs were refused.</summary>
    public int RefusedJwts => Volatile.Read(ref _refusedJwts);

    /// <summary>Every installation token minted, to check none leaks.</summary>
    public IReadOnlyCollection<string> InstallationTokens => _installationTokens.Keys.ToArray();

    /// <summary>Every App JWT presented, to check none leaks.</summary>
    public IReadOnlyCollection<string> Jwts => _jwts.ToArray();

    /// <summary>Every user access and refresh token issued, to check none leaks.</summary>
    public IReadOnlyCollection<string> UserTokens => [.. _userTokens.Keys, .. _refreshTokens.Keys];

    /// <summary>Every secret the fake handed out or was shown: installation and user tokens, JWTs, the client secret.</summary>
    public IReadOnlyCollection<string> Secrets => [.. InstallationTokens, .. UserTokens, .. Jwts, ClientSecret];

    /// <summary>An installation of the App.</summary>
    public sealed class Installation
    {
        public required string Account { get; init; }

        public bool AllRepositories { get; init; }

        public HashSet<string> Repositories { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> VisibleTo { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Suspended { get; set; }

        public bool Deleted { get; set; }
    }

    /// <summary>Adds an installation of the App on <paramref name="account"/>, visible to <paramref name="visibleTo"/>.</summary>
    public Installation Install(long id, string account, string visibleTo, params string[] repositories)
    {
        var installation = new Installation { Account = account, AllRepositories = repositories.Length == 0 };
        installation.VisibleTo.Add(visibleTo);
        foreach (var repository in repositories)
        {
            installation.Repositories.Add(repository);
        }

        Installations[id] = installation;
        return installation;
    }

    /// <summary>A code GitHub would send to the setup URL after <paramref name="login"/> authorized the App (PKCE checked when <paramref name="challenge"/> is given).</summary>
    public string IssueCode(string login, string? challenge = null)
    {
        var code = "code-" + Guid.NewGuid().ToString("N");
        _codes[code] = (login, challenge);
        return code;
    }

    /// <summary>Uses up <paramref name="refreshToken"/> as another client's refresh would; <see langword="false"/> when it was not live.</summary>
    public bool Spend(string refreshToken) => _refreshTokens.TryRemove(refreshToken, out _);

    /// <summary>Whether <paramref name="token"/> is a live installation token of <paramref name="installationId"/>.</summary>
    public bool IsInstallationToken(string? token, long installationId) =>
        token is not null && _installationTokens.TryGetValue(token, out var t) && t.Installation == installationId && t.ExpiresAt > Now()
        && Installations.TryGetValue(installationId, out var i) && !i.Deleted && !i.Suspended;

    /// <summary>The answer to <paramref name="request"/>, or <see langword="null"/> when it is not the App's.</summary>
    public FakeResponse? Handle(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (request.Method == "POST" && path == "/login/oauth/access_token")
        {
            return Token(request);
        }

        if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
        {
            return null;
        }

        path = path[ApiPrefix.Length..];
        var bearer = request.Header("Authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null;
        var parts = path.Trim('/').Split('/');
        if (parts is ["app", "hook", "deliveries", ..])
        {
            if (!VerifyJwt(bearer))
            {
                return FakeResponse.Json(401, """{"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest"}""");
            }

            return HookDeliveries(request, parts);
        }

        if (request.Method == "POST" && parts is ["app", "installations", var idText, "access_tokens"])
        {
            if (!VerifyJwt(bearer))
            {
                return FakeResponse.Json(401, """{"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest"}""");
            }

            var id = long.Parse(idText, CultureInfo.InvariantCulture);
            if (!Installations.TryGetValue(id, out var installation) || installation.Deleted)
            {
                return FakeResponse.Json(404, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"}""");
            }

            if (installation.Suspended)
            {
                return FakeResponse.Json(403, """{"message":"This installation has been suspended","documentation_url":"https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"}""");
            }

            // GitHub is rolling out longer installation tokens: this one is longer than the classic 40 characters.
            var token = "ghs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(40)).ToLowerInvariant();
            var expiresAt = Now() + InstallationTokenLifetime;
            _installationTokens[token] = (id, expiresAt);
            _mints.AddOrUpdate(id, 1, (_, n) => n + 1);
            return new FakeResponse(201, new JsonObject
            {
                ["token"] = token,
                ["expires_at"] = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["permissions"] = new JsonObject { ["contents"] = "write", ["pull_requests"] = "write", ["metadata"] = "read" },
                ["repository_selection"] = installation.AllRepositories ? "all" : "selected",
            }.ToJsonString(), Delay: MintDelay);
        }

        if (request.Method == "GET" && parts is ["repos", var owner, var name, "installation"])
        {
            if (!VerifyJwt(bearer))
            {
                return FakeResponse.Json(401, """{"message":"A JSON web token could not be decoded"}""");
            }

            var found = Installations.FirstOrDefault(i => !i.Value.Deleted && Covers(i.Value, owner, name));
            return found.Value is null
                ? FakeResponse.Json(404, """{"message":"Not Found"}""")
                : FakeResponse.Json(200, InstallationJson(found.Key, found.Value).ToJsonString());
        }

        if (request.Method == "GET" && parts is ["user"] && UserOf(bearer) is { } login)
        {
            return FakeResponse.Json(200, new JsonObject { ["login"] = login, ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)) % 1_000_000 + 1, ["type"] = "User" }.ToJsonString());
        }

        if (request.Method == "GET" && parts is ["user", "installations"])
        {
            if (UserOf(bearer) is not { } user)
            {
                return FakeResponse.Json(401, """{"message":"Bad credentials"}""");
            }

            var visible = Installations.Where(i => !i.Value.Deleted && i.Value.VisibleTo.Contains(user)).OrderBy(i => i.Key).ToArray();
            return FakeResponse.Json(200, new JsonObject
            {
                ["total_count"] = visible.Length,
                ["installations"] = new JsonArray(visible.Select(i => (JsonNode)InstallationJson(i.Key, i.Value)).ToArray()),
            }.ToJsonString());
        }

        if (request.Method == "GET" && parts is ["installation", "repositories"])
        {
            var match = bearer is not null ? Installations.FirstOrDefault(i => IsInstallationToken(bearer, i.Key)) : default;
            if (match.Value is null)
            {
                return FakeResponse.Json(401, """{"message":"Bad credentials"}""");
            }

            return FakeResponse.Json(200, new JsonObject
            {
                ["total_count"] = match.Value.Repositories.Count,
                ["repository_selection"] = match.Value.AllRepositories ? "all" : "selected",
                ["repositories"] = new JsonArray(match.Value.Repositories.Order(StringComparer.Ordinal).Select(r => (JsonNode)new JsonObject { ["full_name"] = r, ["name"] = r.Split('/')[1] }).ToArray()),
            }.ToJsonString());
        }

        return null;
    }

    private FakeResponse Token(RecordedRequest request)
    {
        var form = HttpUtility.ParseQueryString(request.Body);
        if (form["client_id"] != ClientId || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(form["client_secret"] ?? ""), Encoding.UTF8.GetBytes(ClientSecret)))
        {
            return FakeResponse.Json(200, """{"error":"incorrect_client_credentials","error_description":"The client_id and/or client_secret passed are incorrect."}""");
        }

        string login;
        switch (form["grant_type"])
        {
            case "authorization_code":
                if (form["code"] is not { } code || !_codes.TryRemove(code, out var issued))
                {
                    return FakeResponse.Json(200, """{"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."}""");
                }

                if (issued.Challenge is { } challenge
                    && System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"] ?? ""))) != challenge)
                {
                    return FakeResponse.Json(200, """{"error":"invalid_grant","error_description":"The code_verifier does not match the challenge."}""");
                }

                login = issued.Login;
                break;
            case "refresh_token":
                if (form["refresh_token"] is not { } refresh || !_refreshTokens.TryRemove(refresh, out var owner))
                {
                    return FakeResponse.Json(200, """{"error":"bad_refresh_token","error_description":"The refresh token passed is incorrect or expired."}""");
                }

                Interlocked.Increment(ref _refreshes);
                login = owner;
                break;
            default:
                return FakeResponse.Json(200, """{"error":"unsupported_grant_type"}""");
        }

        var access = "ghu_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        var next = "ghr_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(36)).ToLowerInvariant();
        _userTokens[access] = (login, Now() + UserTokenLifetime);
        _refreshTokens[next] = login;
        return FakeResponse.Json(200, new JsonObject
        {
            ["access_token"] = access,
            ["expires_in"] = (int)UserTokenLifetime.TotalSeconds,
            ["refresh_token"] = next,
            ["refresh_token_expires_in"] = 15_811_200,
            ["scope"] = "",
            ["token_type"] = "bearer",
        }.ToJsonString());
    }

    private string? UserOf(string? token) =>
        token is not null && _userTokens.TryGetValue(token, out var user) && user.ExpiresAt > Now() ? user.Login : null;

    private static bool Covers(Installation installation, string owner, string name) =>
        installation.AllRepositories ? string.Equals(owner, installation.Account, StringComparison.OrdinalIgnoreCase) : installation.Repositories.Contains($"{owner}/{name}");

    private static JsonObject InstallationJson(long id, Installation installation) => new()
    {
        ["id"] = id,
        ["account"] = new JsonObject { ["login"] = installation.Account, ["type"] = "Organization" },
        ["repository_selection"] = installation.AllRepositories ? "all" : "selected",
        ["app_slug"] = "bob-test-app",
        ["suspended_at"] = installation.Suspended ? "2026-01-01T00:00:00Z" : null,
    };

    private readonly List<LoggedDelivery> _hookLog = [];
    private readonly ConcurrentDictionary<string, int> _hookRedeliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> _hookSends = [];
    private long _nextHookDelivery = 77_000_000;

    /// <summary>Where the App's webhook delivers (its "Webhook URL"), and how: set by the test.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>The App's webhook secret (the host's <c>Webhooks:GitHub:Secret</c>).</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Sends the App's deliveries (the real HTTP client unless the test routes them elsewhere).</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Send { get; set; } = static (request, token) => SharedHttp.SendAsync(request, token);

    private static readonly HttpClient SharedHttp = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>How often the App's delivery <paramref name="guid"/> was asked for again.</summary>
    public int AppRedeliveries(string guid) => _hookRedeliveries.GetValueOrDefault(guid);

    /// <summary>Waits for redeliveries under way.</summary>
    public Task AppSendsAsync() => Task.WhenAll(_hookSends.ToArray());

    /// <summary>
    /// Delivers <paramref name="payload"/> as <paramref name="eventName"/> through the App's webhook, signed with
    /// <see cref="WebhookSecret"/>, and logs the attempt (status 0 with <paramref name="unreachable"/>: nothing is sent).
    /// </summary>
    public Task<LoggedDelivery> DeliverThroughAppAsync(string eventName, byte[] payload, bool unreachable = false) =>
        SendThroughAppAsync(Guid.NewGuid().ToString(), eventName, payload, redelivery: false, unreachable);

    private async Task<LoggedDelivery> SendThroughAppAsync(string guid, string eventName, byte[] payload, bool redelivery, bool unreachable)
    {
        var status = 0;
        if (!unreachable && WebhookUrl is { } url)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            message.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
            message.Headers.Add("X-GitHub-Event", eventName);
            message.Headers.Add("X-GitHub-Delivery", guid);
            message.Headers.Add("X-GitHub-Hook-ID", "123456");
            message.Headers.Add("X-GitHub-Hook-Installation-Target-Type", "integration");
            message.Headers.Add("X-GitHub-Hook-Installation-Target-ID", "900");
            message.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), payload)));
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

        lock (_hookLog)
        {
            var logged = new LoggedDelivery(Interlocked.Increment(ref _nextHookDelivery), 123456, guid, eventName, payload, status, redelivery, Now());
            _hookLog.Add(logged);
            return logged;
        }
    }

    /// <summary><c>GET /app/hook/deliveries</c> (newest first, <c>cursor</c> paging through <c>Link</c>) and <c>POST …/{id}/attempts</c>.</summary>
    private FakeResponse? HookDeliveries(RecordedRequest request, string[] parts)
    {
        if (request.Method == "GET" && parts.Length == 3)
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.Query);
            var perPage = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var n) ? n : 30;
            List<LoggedDelivery> newestFirst;
            lock (_hookLog)
            {
                newestFirst = [.. _hookLog.OrderByDescending(d => d.Id)];
            }

            var start = query["cursor"] is { } cursor ? newestFirst.FindIndex(d => d.Id.ToString(CultureInfo.InvariantCulture) == cursor) : 0;
            if (start < 0)
            {
                return FakeResponse.Json(422, """{"message":"Invalid cursor"}""");
            }

            var page = newestFirst.Skip(start).Take(perPage).ToList();
            var headers = new Dictionary<string, string>();
            if (start + perPage < newestFirst.Count)
            {
                headers["Link"] = $"<http://{request.Header("Host")}{ApiPrefix}/app/hook/deliveries?per_page={perPage}&cursor={newestFirst[start + perPage].Id}>; rel=\"next\"";
            }

            var items = new JsonArray([.. page.Select(d => (JsonNode)new JsonObject
            {
                ["id"] = d.Id,
                ["guid"] = d.Guid,
                ["delivered_at"] = d.DeliveredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["redelivery"] = d.Redelivery,
                ["duration"] = 0.2,
                ["status"] = d.StatusCode is >= 200 and < 300 ? "OK" : "failed to connect to host",
                ["status_code"] = d.StatusCode,
                ["event"] = d.Event,
                ["action"] = null,
                ["installation_id"] = 900,
                ["repository_id"] = 1296269,
            })]);
            return FakeResponse.Json(200, items.ToJsonString(), headers);
        }

        if (request.Method == "POST" && parts is [_, _, _, var idText, "attempts"])
        {
            LoggedDelivery? original;
            lock (_hookLog)
            {
                original = _hookLog.FirstOrDefault(d => d.Id.ToString(CultureInfo.InvariantCulture) == idText);
            }

            if (original is null)
            {
                return FakeResponse.Json(404, """{"message":"Not Found"}""");
            }

            _hookRedeliveries.AddOrUpdate(original.Guid, 1, (_, c) => c + 1);
            _hookSends.Add(Task.Run(() => SendThroughAppAsync(original.Guid, original.Event, original.Payload, redelivery: true, unreachable: false)));
            return FakeResponse.Json(202, "{}");
        }

        return null;
    }

    private bool VerifyJwt(string? jwt)
    {
        if (jwt is not null)
        {
            _jwts.Add(jwt);
        }

        var ok = CheckJwt(jwt);
        if (!ok)
        {
            Interlocked.Increment(ref _refusedJwts);
        }

        return ok;
    }

    private bool CheckJwt(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256")
            {
                return false;
            }

            if (!_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return false;
            }

            using var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
            var now = Now().ToUnixTimeSeconds();
            var iat = payload.RootElement.GetProperty("iat").GetInt64();
            var exp = payload.RootElement.GetProperty("exp").GetInt64();
            return iat <= now && exp > now && exp <= now + 600 && exp - iat <= 660 && payload.RootElement.GetProperty("iss").GetString() == ClientId;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
