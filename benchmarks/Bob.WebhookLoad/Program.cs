using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

// Load test of POST /api/webhooks/github, bounded in time, on 127.0.0.1 only (benchmarks/webhook-load.sh runs it).
//   --url http://127.0.0.1:PORT   the sample host under test
//   --db "<npgsql connection>"     the same database the host uses
//   --secret S                     the host's Webhooks__GitHub__Secret
//   --concurrency N (default 16)   --seconds S per phase (default 10)   --rounds N (default 3; medians are reported)
//   --warmup S (default 10, untimed, before each payload)
var options = Args.Parse(args);
var uri = new Uri(options["url"]);
if (!IPAddress.IsLoopback((await Dns.GetHostAddressesAsync(uri.Host))[0]))
{
    Console.Error.WriteLine("Refusing to load anything but a loopback address.");
    return 2;
}

var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "16"), CultureInfo.InvariantCulture);
var duration = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture));
var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
var warmup = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("warmup", "10"), CultureInfo.InvariantCulture));
var secret = Encoding.UTF8.GetBytes(options["secret"]);
// Persistent sessions without a reset per checkout, and whole messages in one write, as pgbench's (and as AddBobPostgres
// configures the host).
var dbSettings = new NpgsqlConnectionStringBuilder(options["db"]);
var givenSettings = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options["db"] };
if (!givenSettings.ContainsKey("No Reset On Close") && !givenSettings.ContainsKey("NoResetOnClose"))
{
    dbSettings.NoResetOnClose = true;
}

if (!givenSettings.ContainsKey("Write Buffer Size") && !givenSettings.ContainsKey("WriteBufferSize"))
{
    dbSettings.WriteBufferSize = 64 * 1024;
}

await using var db = NpgsqlDataSource.Create(dbSettings.ConnectionString);

byte[] large;
using (var stream = typeof(Args).Assembly.GetManifestResourceStream("pull_request.opened.json")!)
using (var memory = new MemoryStream())
{
    stream.CopyTo(memory);
    large = memory.ToArray();
}

var small = """{"zen":"Keep it logically awesome.","hook_id":292430182}"""u8.ToArray();
Console.WriteLine($"webhook load: {concurrency} concurrent, {rounds} rounds of {duration.TotalSeconds:0} s per phase after {warmup.TotalSeconds:0} s of warm-up, {Environment.ProcessorCount} cores, payloads {large.Length} B and {small.Length} B");
Console.WriteLine("Each round: INSERT ceiling, then HTTP posts with the worker running, then the worker finishes; the database is vacuumed and checkpointed before each phase.");
Console.WriteLine();
Console.WriteLine("| payload | round | INSERT ceiling /s | HTTP accepted /s | ratio | HTTP p50 ms | HTTP p99 ms | worker drained /s | drained / accepted | accepted = stored |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");

var failures = 0;
foreach (var (name, body, eventName) in new[] { ($"pull_request {large.Length / 1024} KB", large, "pull_request"), ("ping", small, "ping") })
{
    // Both sides warm up first (JIT, connection pools, caches), untimed and uncounted.
    await InsertCeilingAsync(db, body, concurrency, warmup);
    await PostAsync(uri, body, eventName, secret, $"warm-{Guid.NewGuid():N}"[..17], concurrency, warmup);
    await DrainAsync(db, "warm-", TimeSpan.FromSeconds(120));

    var rows = new List<(double Ceiling, double Http, double Ratio, double P50, double P99, double Drain, double DrainRatio)>();
    for (var round = 1; round <= rounds; round++)
    {
        await SettleAsync(db);
        var ceiling = await InsertCeilingAsync(db, body, concurrency, duration);

        await SettleAsync(db);
        var run = $"load-{Guid.NewGuid():N}"[..17];
        var http = await PostAsync(uri, body, eventName, secret, run, concurrency, duration);
        var stored = await CountAsync(db, "SELECT count(*) FROM webhook_deliveries WHERE provider = 'github' AND delivery_id LIKE @p", run);
        var drain = await DrainAsync(db, run, TimeSpan.FromSeconds(180));
        var ok = stored == http.Count && http.Errors == 0 && drain.Processed == stored;
        failures += ok ? 0 : 1;
        var row = (ceiling.Rate, http.Rate, http.Rate / ceiling.Rate, http.P50, http.P99, drain.Rate, drain.Rate / http.Rate);
        rows.Add(row);
        var check = $"{http.Count} = {stored}{(http.Errors > 0 ? $", {http.Errors} errors" : "")}{(drain.Processed == stored ? "" : $", only {drain.Processed} processed")} {(ok ? "ok" : "MISMATCH")}";
        Console.WriteLine($"| {name} | {round} | {row.Item1:0} | {row.Item2:0} | {row.Item3:0.00} | {row.Item4:0.0} | {row.Item5:0.0} | {row.Item6:0} | {row.Item7:0.00} | {check} |");
    }

    Console.WriteLine($"| {name} | **median** | {Median(rows.Select(r => r.Ceiling)):0} | {Median(rows.Select(r => r.Http)):0} | **{Median(rows.Select(r => r.Ratio)):0.00}** | {Median(rows.Select(r => r.P50)):0.0} | {Median(rows.Select(r => r.P99)):0.0} | {Median(rows.Select(r => r.Drain)):0} | **{Median(rows.Select(r => r.DrainRatio)):0.00}** | |");
}

return failures == 0 ? 0 : 1;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// Levels the field before each phase: no autovacuum or checkpoint debt left over from the previous one.
static async Task SettleAsync(NpgsqlDataSource db)
{
    await using (var vacuum = db.CreateCommand("VACUUM (ANALYZE) webhook_deliveries"))
    {
        await vacuum.ExecuteNonQueryAsync();
    }

    try
    {
        await using var checkpoint = db.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync();
    }
    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
    {
        // CHECKPOINT needs superuser or pg_checkpoint; without it the phases just start with whatever debt there is.
    }
}

static async Task<Result> InsertCeilingAsync(NpgsqlDataSource db, byte[] body, int concurrency, TimeSpan duration)
{
    // Same shape as webhook_deliveries: columns, defaults, constraints, indexes, payload compression and fillfactor.
    await using (var create = db.CreateCommand("""
        DROP TABLE IF EXISTS load_ceiling;
        CREATE TABLE load_ceiling (LIKE webhook_deliveries INCLUDING ALL);
        DO $$
        DECLARE options text[] := (SELECT reloptions FROM pg_class WHERE oid = 'webhook_deliveries'::regclass);
        BEGIN
            IF options IS NOT NULL THEN
                EXECUTE format('ALTER TABLE load_ceiling SET (%s)', array_to_string(options, ', '));
            END IF;
        END;
        $$;
        """))
    {
        await create.ExecuteNonQueryAsync();
    }

    var payload = Encoding.UTF8.GetString(body);
    var result = await RunAsync(concurrency, duration, async (worker, i) =>
    {
        await using var insert = db.CreateCommand("""
            INSERT INTO load_ceiling (provider, delivery_id, event_type, signature_valid, headers, payload)
            VALUES ('github', $1, 'pull_request', true, '{"x-github-event":"pull_request"}', $2::json)
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = $"{worker}-{i}" });
        insert.Parameters.Add(new NpgsqlParameter { Value = payload });
        await insert.ExecuteNonQueryAsync();
        return true;
    });
    await using (var drop = db.CreateCommand("DROP TABLE load_ceiling"))
    {
        await drop.ExecuteNonQueryAsync();
    }

    return result;
}

static async Task<Result> PostAsync(Uri baseUri, byte[] body, string eventName, byte[] secret, string run, int concurrency, TimeSpan duration)
{
    // Raw keep-alive HTTP/1.1, one blocking thread per connection: HttpClient costs several times the CPU, which a 2-core
    // machine takes from the host under test.
    var endpoint = new IPEndPoint((await Dns.GetHostAddressesAsync(baseUri.Host))[0], baseUri.Port);
    var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
    var prefix = Encoding.ASCII.GetBytes(
        $"POST /api/webhooks/github HTTP/1.1\r\nHost: {baseUri.Authority}\r\nContent-Type: application/json\r\n" +
        $"Content-Length: {body.Length}\r\nX-GitHub-Event: {eventName}\r\nX-Hub-Signature-256: {signature}\r\nX-GitHub-Delivery: ");
    var latencies = new List<double>[concurrency];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    var threads = Enumerable.Range(0, concurrency).Select(worker => new Thread(() =>
    {
        using var connection = RawHttpConnection.Open(endpoint);
        var mine = latencies[worker] = new List<double>(4096);
        var head = new byte[prefix.Length + 64];
        prefix.CopyTo(head, 0);
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var length = prefix.Length + Encoding.ASCII.GetBytes($"{run}-{worker}-{i}\r\n\r\n", head.AsSpan(prefix.Length));
            var start = Stopwatch.GetTimestamp();
            if (connection.Send(head.AsMemory(0, length), body) == (int)HttpStatusCode.Accepted)
            {
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }
    }) { IsBackground = true }).ToList();
    threads.ForEach(t => t.Start());
    threads.ForEach(t => t.Join());
    return Summarize(latencies, errors, clock.Elapsed.TotalSeconds);
}

static async Task<Result> RunAsync(int concurrency, TimeSpan duration, Func<int, int, Task<bool>> operation)
{
    var latencies = new List<double>[concurrency];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(4096);
        for (var i = 0; clock.Elapsed < duration; i++)
        {
            var start = Stopwatch.GetTimestamp();
            if (await operation(worker, i))
            {
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            else
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    return Summarize(latencies, errors, clock.Elapsed.TotalSeconds);
}

static Result Summarize(List<double>[] latencies, int errors, double elapsed)
{
    var all = latencies.SelectMany(l => l).Order().ToArray();
    return new Result(all.Length, errors, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static async Task<long> CountAsync(NpgsqlDataSource db, string sql, string run)
{
    await using var command = db.CreateCommand(sql);
    command.Parameters.AddWithValue("p", run + "-%");
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task<(long Processed, double Rate)> DrainAsync(NpgsqlDataSource db, string run, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < timeout && await CountAsync(db, "SELECT count(*) FROM webhook_deliveries WHERE provider = 'github' AND delivery_id LIKE @p AND status = 'pending'", run) > 0)
    {
        await Task.Delay(250);
    }

    await using var command = db.CreateCommand("""
        SELECT count(*), extract(epoch FROM max(processed_at) - min(received_at))
        FROM webhook_deliveries WHERE provider = 'github' AND delivery_id LIKE @p AND status = 'processed'
        """);
    command.Parameters.AddWithValue("p", run + "-%");
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    var processed = reader.GetInt64(0);
    var seconds = reader.IsDBNull(1) ? 0 : Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture);
    return (processed, seconds > 0 ? processed / seconds : 0);
}

internal sealed record Result(long Count, int Errors, double Rate, double P50, double P99);

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            map[args[i].TrimStart('-')] = args[i + 1];
        }

        foreach (var required in new[] { "url", "db", "secret" })
        {
            if (!map.ContainsKey(required))
            {
                throw new ArgumentException($"--{required} is required.");
            }
        }

        return map;
    }
}
