using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bob.Postgres;
using Npgsql;

namespace Bob.SampleHost.Tests;

/// <summary>What the review loop's and the checks' host stories share: users, clients, sessions, task runs, waiting for the queue, reading session events, the cron.</summary>
internal static class ReviewLoopHosts
{
    public static async Task<(Guid UserId, string ApiKey)> UserAsync(NpgsqlDataSource dataSource)
    {
        var user = await new UserStore(dataSource).CreateAsync($"reviewer-{Guid.NewGuid():N}", false);
        return (user.Id, await new ApiKeyStore(dataSource, TimeProvider.System).CreateAsync(user.Id));
    }

    public static HttpClient Client(RunningHost running, string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = running.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Sends a delivery and expects it stored (202).</summary>
    public static async Task SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Waits until no delivery or outbox row is left to process (the bound only keeps a broken build from hanging).</summary>
    public static async Task DrainedAsync(NpgsqlDataSource dataSource)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'");
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        await using var pending = dataSource.CreateCommand("SELECT string_agg(provider || ' ' || event_type || ': ' || coalesce(error_message, '-'), ' | ') FROM webhook_deliveries WHERE status = 'pending'");
        throw new TimeoutException($"The deliveries were not processed: {await pending.ExecuteScalarAsync()}");
    }

    public static async Task<List<JsonElement>> EventsAsync(NpgsqlDataSource dataSource, Guid session, string kind)
    {
        await using var command = dataSource.CreateCommand("SELECT payload::text FROM session_events WHERE session_id = $1 AND kind = $2 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = session });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        var events = new List<JsonElement>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(JsonDocument.Parse(reader.GetString(0)).RootElement.Clone());
        }

        return events;
    }

    /// <summary>Connects the key's user to a GitLab or Gitea instance with a token, registers its repository at <paramref name="webUrl"/> and opens a session on it.</summary>
    public static async Task<(Guid Repository, Guid Session)> ForgeSessionAsync(HttpClient client, string provider, Uri instance, string token, string name, string webUrl)
    {
        var connection = await SessionPushTests.Json(await client.PostAsJsonAsync("/api/connections/pat", new { provider, instanceUrl = instance.ToString(), token }), HttpStatusCode.Created);
        var repository = (await SessionPushTests.Json(
            await client.PostAsJsonAsync("/api/repositories", new { name, remoteUrl = webUrl + ".git", provider, connectionId = connection.GetProperty("id").GetGuid() }),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var session = (await SessionPushTests.Json(await client.PostAsJsonAsync("/api/sessions", new { repositoryId = repository, title = $"{provider} {name}" }), HttpStatusCode.Created)).GetProperty("id").GetGuid();
        return (repository, session);
    }

    /// <summary>Takes pull request <paramref name="number"/> of <c>owner/name</c> into <paramref name="session"/> (as the app would by pushing from it); returns its id.</summary>
    public static async Task<Guid> LinkAsync(NpgsqlDataSource dataSource, Guid session, string owner, string name, int number)
    {
        await using var link = dataSource.CreateCommand("UPDATE pull_requests SET session_id = $1 WHERE lower(remote_owner) = lower($2) AND remote_name = $3 AND number = $4 RETURNING id");
        link.Parameters.Add(new NpgsqlParameter { Value = session });
        link.Parameters.Add(new NpgsqlParameter { Value = owner });
        link.Parameters.Add(new NpgsqlParameter { Value = name });
        link.Parameters.Add(new NpgsqlParameter { Value = number });
        return (Guid)(await link.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No pull request {number} of {owner}/{name} to link."));
    }

    /// <summary>Runs the cron backfill twice (the second round must find nothing new); returns the first round's answer.</summary>
    public static async Task<JsonElement> CronTwiceAsync(RunningHost host, string secret)
    {
        using var cron = Client(host);
        cron.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var round = await SessionPushTests.Json(await cron.PostAsync("/api/cron/git-sync", null), HttpStatusCode.OK);
        await SessionPushTests.Json(await cron.PostAsync("/api/cron/git-sync", null), HttpStatusCode.OK);
        return round;
    }

    /// <summary>The session's <c>checks.updated</c> events, oldest first: head, state and failing names.</summary>
    public static async Task<List<(string Head, string State, string Failing)>> ChecksEventsAsync(NpgsqlDataSource dataSource, Guid session) =>
        [.. (await EventsAsync(dataSource, session, "checks.updated")).Select(e => (
            e.GetProperty("headSha").GetString()!, e.GetProperty("state").GetString()!, string.Join(", ", e.GetProperty("failing").EnumerateArray().Select(f => f.GetString()))))];

    /// <summary>Assigns a Kanbanger task to <paramref name="userId"/> on <paramref name="remoteUrl"/>, as Kanbanger delivers it.</summary>
    public static async Task AssignAsync(RunningHost host, Guid userId, string taskId, string identifier, string title, string remoteUrl)
    {
        using var plain = new HttpClient();
        var assigned = $$$"""
            {"event":"task.assigned","workspaceId":"ws_1",
             "task":{"id":"{{{taskId}}}","identifier":"{{{identifier}}}","title":"{{{title}}}","description":"See the title.","url":"https://kanbanger.example/ws_1/{{{identifier}}}"},
             "assignee":{"userId":"{{{userId}}}"},
             "repository":{"remoteUrl":"{{{remoteUrl}}}","baseBranch":"main"}}
            """;
        using var request = ProviderDeliveries.Kanbanger("task.assigned", System.Text.Encoding.UTF8.GetBytes(assigned), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        request.RequestUri = new Uri(host.BaseAddress, "api/webhooks/kanbanger");
        using var response = await plain.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Waits for the client's (only) task run to satisfy <paramref name="done"/>; returns it with its transitions.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, Func<JsonElement, bool> done, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if ((await SessionPushTests.Json(await client.GetAsync("/api/task-runs"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } item
                && await SessionPushTests.Json(await client.GetAsync($"/api/task-runs/{item.GetProperty("id").GetGuid()}"), HttpStatusCode.OK) is var run && done(run))
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
