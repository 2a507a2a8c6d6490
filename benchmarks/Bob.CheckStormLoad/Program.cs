using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

// The CI storm of issue 21 against a running sample host on 127.0.0.1 (benchmarks/check-storm.sh runs it):
// 100 check runs x (queued, in_progress, completed), every delivery twice, shuffled, --concurrency at a time, plus a status:
// 601 signed GitHub deliveries on the head of one pull request that belongs to a session. Reports whether every delivery
// was answered 202/200, the head's state and checks, how many checks.updated events were appended, how long the worker
// took to drain after the last answer, deliveries processed per second, and the p50/p99 from receipt to processed.
//   --url http://127.0.0.1:PORT --db "<npgsql>" --secret S --api-key K [--concurrency 16] [--checks 100] [--rounds 3]
var options = Args.Parse(args);
var uri = new Uri(options["url"]);
if (!IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(uri.Host))[0]))
{
    Console.Error.WriteLine("Refusing to load anything but a loopback address.");
    return 2;
}

var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);
var checks = int.Parse(options.GetValueOrDefault("checks", "100"), CultureInfo.InvariantCulture);
var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
var secret = Encoding.UTF8.GetBytes(options["secret"]);
await using var db = NpgsqlDataSource.Create(options["db"]);
using var api = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(2) };
api.DefaultRequestHeaders.Authorization = new("Bearer", options["api-key"]);
using var hooks = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(2) };

Console.WriteLine($"check storm: {checks} check runs x 3 stages x 2 copies + 1 status = {checks * 6 + 1} deliveries, shuffled, {concurrency} at a time, {rounds} rounds (one head each), {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| round | deliveries | answered 2xx | answered in s | drained after last answer s | processed /s | receipt→processed p50 ms | p99 ms | state | checks listed | checks.updated events |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
var failures = 0;
var drainTimes = new List<double>();
var rates = new List<double>();
var p99s = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    var name = $"storm-{Guid.NewGuid():N}"[..20];
    var head = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(name)));
    var (pullRequest, session) = await ArrangeAsync(api, hooks, db, secret, name, head);
    var deliveries = Storm(name, head, checks).OrderBy(_ => Random.Shared.Next()).ToList();
    var run = $"s{round}-{Guid.NewGuid():N}"[..16];

    var clock = Stopwatch.StartNew();
    var answered = 0;
    await Parallel.ForEachAsync(deliveries.Select((d, i) => (d, i)), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, token) =>
    {
        using var response = await hooks.SendAsync(Signed(item.d.Event, item.d.Body, $"{run}-{item.i}", secret), token);
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            Interlocked.Increment(ref answered);
        }
    });
    var answeredIn = clock.Elapsed.TotalSeconds;
    var drained = await DrainAsync(db, run, TimeSpan.FromSeconds(120));
    var drainedAfter = clock.Elapsed.TotalSeconds - answeredIn;
    var (rate, p50, p99) = await TimingsAsync(db, run);
    var state = (await api.GetFromJsonAsync<JsonElement>($"/api/pull-requests/{pullRequest}")).GetProperty("checks");
    var events = await CountAsync(db, "SELECT count(*) FROM session_events WHERE session_id = @s AND kind = 'checks.updated'", session);
    var listed = state.GetProperty("items").GetArrayLength();
    var ok = answered == deliveries.Count && drained && state.GetProperty("state").GetString() == "success" && listed == checks + 1 && events <= 3 && drainedAfter <= 15;
    failures += ok ? 0 : 1;
    drainTimes.Add(drainedAfter);
    rates.Add(rate);
    p99s.Add(p99);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {round} | {deliveries.Count} | {answered} | {answeredIn:0.00} | {drainedAfter:0.00} | {rate:0} | {p50:0} | {p99:0} | {state.GetProperty("state").GetString()} | {listed} | {events} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| median | | | | {Median(drainTimes):0.00} | {Median(rates):0} | | {Median(p99s):0} | | | |"));
Console.WriteLine();
Console.WriteLine(failures == 0
    ? "Goal met in every round: all answered, state success with every check listed, at most 3 checks.updated events, drained within 15 s of the last answer."
    : $"Goal missed in {failures} round(s).");
return failures == 0 ? 0 : 1;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static byte[] Resource(string name)
{
    using var stream = typeof(Args).Assembly.GetManifestResourceStream(name)!;
    using var memory = new MemoryStream();
    stream.CopyTo(memory);
    return memory.ToArray();
}

static JsonObject Repository(JsonObject payload, string name)
{
    payload["repository"]!["html_url"] = $"https://github.com/acme/{name}";
    payload["repository"]!["full_name"] = $"acme/{name}";
    payload["repository"]!["name"] = name;
    return payload;
}

// The storm: each check run's three stages twice, and one status, all on the head.
static IEnumerable<(string Event, byte[] Body)> Storm(string name, string head, int checks)
{
    var template = JsonNode.Parse(Resource("check_run.json"))!.AsObject();
    for (var i = 0; i < checks; i++)
    {
        foreach (var (status, conclusion, minute) in new[] { ("queued", (string?)null, 0), ("in_progress", null, 1), ("completed", "success", 2) })
        {
            var payload = Repository((JsonObject)template.DeepClone(), name);
            var run = payload["check_run"]!.AsObject();
            run["id"] = 500_000 + i;
            run["name"] = $"check-{i:000}";
            run["head_sha"] = head;
            run["status"] = status;
            run["conclusion"] = conclusion;
            run["started_at"] = $"2026-03-01T09:0{minute}:00Z";
            run["completed_at"] = conclusion is null ? null : "2026-03-01T09:02:00Z";
            var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
            yield return ("check_run", body);
            yield return ("check_run", body);
        }
    }

    var statusPayload = Repository(JsonNode.Parse(Resource("status.json"))!.AsObject(), name);
    statusPayload["sha"] = head;
    statusPayload["state"] = "success";
    yield return ("status", Encoding.UTF8.GetBytes(statusPayload.ToJsonString()));
}

static HttpRequestMessage Signed(string eventName, byte[] body, string delivery, byte[] secret)
{
    var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/github") { Content = new ByteArrayContent(body) };
    request.Content.Headers.ContentType = new("application/json");
    request.Headers.Add("X-GitHub-Event", eventName);
    request.Headers.Add("X-GitHub-Delivery", delivery);
    request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body)));
    return request;
}

// A repository, a session, and the pull request whose head the storm checks, in that session.
static async Task<(Guid PullRequest, Guid Session)> ArrangeAsync(HttpClient api, HttpClient hooks, NpgsqlDataSource db, byte[] secret, string name, string head)
{
    var repository = (await (await api.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = $"https://github.com/acme/{name}.git" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    var session = (await (await api.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title = name })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    var opened = Repository(JsonNode.Parse(Resource("pull_request.opened.json"))!.AsObject(), name);
    opened["pull_request"]!["head"]!["sha"] = head;
    var arrange = $"arrange-{Guid.NewGuid():N}"[..16];
    (await hooks.SendAsync(Signed("pull_request", Encoding.UTF8.GetBytes(opened.ToJsonString()), arrange, secret))).EnsureSuccessStatusCode();
    if (!await DrainAsync(db, arrange, TimeSpan.FromSeconds(60)))
    {
        throw new InvalidOperationException("The pull request delivery was not processed.");
    }

    await using var link = db.CreateCommand("UPDATE pull_requests SET session_id = @s WHERE remote_name = @n RETURNING id");
    link.Parameters.AddWithValue("s", session);
    link.Parameters.AddWithValue("n", name);
    return ((Guid)(await link.ExecuteScalarAsync())!, session);
}

static async Task<bool> DrainAsync(NpgsqlDataSource db, string run, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (DateTime.UtcNow < deadline)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE provider = 'github' AND starts_with(delivery_id, @p) AND status = 'pending'");
        command.Parameters.AddWithValue("p", run);
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            return true;
        }

        await Task.Delay(20);
    }

    return false;
}

static async Task<(double Rate, double P50, double P99)> TimingsAsync(NpgsqlDataSource db, string run)
{
    await using var command = db.CreateCommand("""
        SELECT count(*) / greatest(extract(epoch FROM max(processed_at) - min(received_at)), 0.001),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000
        FROM webhook_deliveries WHERE provider = 'github' AND starts_with(delivery_id, @p) AND processed_at IS NOT NULL
        """);
    command.Parameters.AddWithValue("p", run);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetDouble(1), reader.GetDouble(2));
}

static async Task<long> CountAsync(NpgsqlDataSource db, string sql, Guid session)
{
    await using var command = db.CreateCommand(sql);
    command.Parameters.AddWithValue("s", session);
    return (long)(await command.ExecuteScalarAsync())!;
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }

        foreach (var required in new[] { "url", "db", "secret", "api-key" })
        {
            if (!map.ContainsKey(required))
            {
                throw new ArgumentException($"--{required} is required.");
            }
        }

        return map;
    }
}
