// Session event stream load (issue 12): S sessions, N SSE subscribers spread over them on one sample host, one event per
// second per session written straight into the database with bob_append_session_event (as another host would). Each
// event carries its write time; subscribers measure delivery latency (write committed → event read from the stream).
// Reports delivered/expected, latency p50/p99/max, and the host's resident memory before and after.
//   dotnet Bob.SseLoad.dll --url http://127.0.0.1:PORT --key API_KEY --db CONNECTION_STRING --pid HOST_PID
//                          [--sessions 50] [--subscribers 500] [--seconds 30]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

var url = new Uri(Arg("--url") ?? throw new ArgumentException("--url is required"));
var key = Arg("--key") ?? throw new ArgumentException("--key is required");
var db = Arg("--db") ?? throw new ArgumentException("--db is required");
var pid = int.Parse(Arg("--pid") ?? "0", CultureInfo.InvariantCulture);
var sessionCount = int.Parse(Arg("--sessions") ?? "50", CultureInfo.InvariantCulture);
var subscriberCount = int.Parse(Arg("--subscribers") ?? "500", CultureInfo.InvariantCulture);
var seconds = int.Parse(Arg("--seconds") ?? "30", CultureInfo.InvariantCulture);

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = subscriberCount + 16, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = url,
    Timeout = Timeout.InfiniteTimeSpan,
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

var sessions = new List<Guid>();
for (var i = 0; i < sessionCount; i++)
{
    var created = await http.PostAsJsonAsync("/api/sessions", new { title = $"load {i}" });
    created.EnsureSuccessStatusCode();
    sessions.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
}

var latencies = new ConcurrentBag<double>();
long delivered = 0;
using var stop = new CancellationTokenSource();
var ready = 0;
var subscribers = Enumerable.Range(0, subscriberCount).Select(i => Task.Run(async () =>
{
    var session = sessions[i % sessionCount];
    using var response = await http.GetAsync($"/api/sessions/{session}/events", HttpCompletionOption.ResponseHeadersRead, stop.Token);
    response.EnsureSuccessStatusCode();
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stop.Token));
    Interlocked.Increment(ref ready);
    try
    {
        while (await reader.ReadLineAsync(stop.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var sent = JsonDocument.Parse(line.AsMemory(6)).RootElement.GetProperty("sentTicks").GetInt64();
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                Interlocked.Increment(ref delivered);
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
})).ToArray();

while (Volatile.Read(ref ready) < subscriberCount)
{
    await Task.Delay(50);
}

await Task.Delay(1000);
var rssBefore = Rss(pid);

// One event per second per session, spread over the second.
await using var dataSource = NpgsqlDataSource.Create(db);
long sent = 0;
var writer = Stopwatch.StartNew();
for (var second = 0; second < seconds; second++)
{
    for (var s = 0; s < sessionCount; s++)
    {
        var due = TimeSpan.FromSeconds(second + ((double)s / sessionCount));
        if (due > writer.Elapsed)
        {
            await Task.Delay(due - writer.Elapsed);
        }

        await using var append = dataSource.CreateCommand("SELECT bob.bob_append_session_event($1, 'load.tick', $2::jsonb)");
        append.Parameters.Add(new NpgsqlParameter { Value = sessions[s] });
        append.Parameters.Add(new NpgsqlParameter { Value = $$"""{"sentTicks":{{Stopwatch.GetTimestamp()}}}""" });
        await append.ExecuteScalarAsync();
        sent++;
    }
}

var expected = sent * (subscriberCount / sessionCount);
var drain = Stopwatch.StartNew();
while (Interlocked.Read(ref delivered) < expected && drain.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(50);
}

var rssAfter = Rss(pid);
await stop.CancelAsync();
await Task.WhenAll(subscribers.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
Console.WriteLine($"sse load: {subscriberCount} subscribers over {sessionCount} sessions on one host, 1 event/s per session for {seconds} s, {Environment.ProcessorCount} cores (host, database and this program share them)");
Console.WriteLine();
Console.WriteLine("| events written | deliveries expected | delivered | latency p50 ms | p99 ms | max ms | host RSS before MiB | after MiB |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {sent} | {expected} | {delivered} | {Percentile(0.50):0.0} | {Percentile(0.99):0.0} | {sorted.LastOrDefault():0.0} | {rssBefore / 1048576.0:0} | {rssAfter / 1048576.0:0} |"));
return delivered == expected ? 0 : 1;

static long Rss(int pid)
{
    if (pid <= 0 || !File.Exists($"/proc/{pid}/status"))
    {
        return 0;
    }

    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}

static string? Arg(string name)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
