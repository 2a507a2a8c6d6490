using System.Net.Http.Headers;
using System.Text.Json;
using Bob.Postgres;
using Npgsql;

namespace Bob.SampleHost.Tests;

/// <summary>What the review loop's host stories share: users, clients, waiting for the queue, reading session events.</summary>
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
}
