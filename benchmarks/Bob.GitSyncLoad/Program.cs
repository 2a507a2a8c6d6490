// Backfill sync load (issue 11, plan 3.4): N repositories, each with two open pull requests, on a fake GitHub Enterprise
// Server on 127.0.0.1 that answers list requests with an ETag and 304 to a matching If-None-Match, as GitHub does. For
// each concurrency, a fresh set of services runs a cold round (every list answered 200, every pull request stored) and
// then an unchanged round, which must make only conditional requests, all answered 304.
//   dotnet Bob.GitSyncLoad.dll --db <connection string> [--repositories 200] [--concurrency 1,4,16]
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bob.Git;
using Bob.Git.Abstractions;
using Bob.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

var db = Arg("--db") ?? throw new ArgumentException("--db <connection string> is required");
var repositoryCount = int.Parse(Arg("--repositories") ?? "200", System.Globalization.CultureInfo.InvariantCulture);
var concurrencies = (Arg("--concurrency") ?? "1,4,16").Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

// The fake GitHub: two open pull requests per repository, lists with ETags.
long requests = 0, ok = 0, notModified = 0, conditional = 0;
var template = JsonNode.Parse(typeof(Program).Assembly.GetManifestResourceStream("pull-request.json")!)!.AsObject();
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
var fake = builder.Build();
var lists = new System.Collections.Concurrent.ConcurrentDictionary<string, (string Json, string ETag)>();
fake.MapGet("/api/v3/repos/{owner}/{name}/pulls", (string owner, string name, HttpContext context) =>
{
    Interlocked.Increment(ref requests);
    var (json, etag) = lists.GetOrAdd(name, n => List(owner, n, context.Request.Host.ToString()));
    if (context.Request.Headers.IfNoneMatch.Count > 0)
    {
        Interlocked.Increment(ref conditional);
    }

    context.Response.Headers.ETag = etag;
    if (context.Request.Headers.IfNoneMatch.ToString() == etag)
    {
        Interlocked.Increment(ref notModified);
        return Results.StatusCode(304);
    }

    Interlocked.Increment(ref ok);
    return Results.Text(json, "application/json");
});
await fake.StartAsync();
var baseUrl = fake.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var instance = GitInstance.Create(GitProvider.GitHub, baseUrl);
var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

ServiceProvider Services(int concurrency)
{
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddBobPostgres(o => o.ConnectionString = db);
    services.AddBobVault(o => o.CurrentKey = new Secret(key));
    services.AddBobGit()
        .ConfigureSecurity(o => o.AllowPrivateNetworkInstances = true)
        .ConfigureSync(o => { o.MaxConcurrency = concurrency; o.IntervalSeconds = 0; })
        .AddGitHub();
    return services.BuildServiceProvider();
}

// Setup: one user, one connection, N repositories.
await using (var setup = Services(1))
{
    await setup.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    var user = await setup.GetRequiredService<UserStore>().CreateAsync($"sync-load-{Guid.NewGuid():N}"[..30], isAdmin: false);
    var connection = await setup.GetRequiredService<GitConnectionTokens>().SaveAsync(user.Id, instance, "1", new TokenSet("ghp_sync_load_token"));
    var registrations = setup.GetRequiredService<RepositoryService>();
    for (var i = 0; i < repositoryCount; i++)
    {
        await registrations.RegisterAsync(user.Id, new RegisterRepository($"svc{i}", $"{baseUrl}/acme/svc{i}.git", GitProvider.GitHub, connection.Id));
    }
}

Console.WriteLine($"git sync load: {repositoryCount} repositories, 2 open pull requests each, fake GitHub Enterprise Server on {baseUrl}, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| concurrency | round | repositories | updated | not modified | failed | requests | 200 | 304 | conditional | wall s | repositories/s |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
var failures = 0;
foreach (var concurrency in concurrencies)
{
    await using var services = Services(concurrency);
    var sync = services.GetRequiredService<GitSyncService>();
    foreach (var round in new[] { "cold", "unchanged" })
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref ok, 0);
        Interlocked.Exchange(ref notModified, 0);
        Interlocked.Exchange(ref conditional, 0);
        var watch = Stopwatch.StartNew();
        var result = await sync.SyncAsync();
        watch.Stop();
        Console.WriteLine($"| {concurrency} | {round} | {result.Repositories} | {result.Updated} | {result.NotModified} | {result.Failed} | {requests} | {ok} | {notModified} | {conditional} | {watch.Elapsed.TotalSeconds:0.00} | {result.Repositories / watch.Elapsed.TotalSeconds:0} |");
        if (round == "unchanged" && (notModified != requests || conditional != requests || result.Repositories != repositoryCount))
        {
            failures++;
        }
    }
}

await fake.StopAsync();
Console.WriteLine();
Console.WriteLine(failures == 0
    ? "Every unchanged round made only conditional requests, all answered 304."
    : $"{failures} unchanged round(s) made unconditional requests or missed repositories.");
return failures == 0 ? 0 : 1;

(string Json, string ETag) List(string owner, string name, string host)
{
    var list = new JsonArray();
    for (var number = 1; number <= 2; number++)
    {
        var pr = (JsonObject)template.DeepClone();
        pr["number"] = number;
        pr["state"] = "open";
        pr["merged"] = false;
        pr["merged_at"] = null;
        pr["closed_at"] = null;
        pr["title"] = $"Change {number} of {name}";
        pr["head"]!["ref"] = $"change-{number}";
        pr["base"]!["ref"] = "main";
        pr["html_url"] = $"http://{host}/{owner}/{name}/pull/{number}";
        list.Add(pr);
    }

    var json = list.ToJsonString();
    return (json, $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))}\"");
}

static string? Arg(string name)
{
    var args = Environment.GetCommandLineArgs();
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
