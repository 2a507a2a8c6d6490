using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bob.Git.Abstractions;
using Bob.Git.GitHub;
using Bob.Postgres;
using Bob.Testing;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Tests.Webhooks;

/// <summary>Real GitHub pull_request payloads applied through the parser, the handler and PostgreSQL, in every order.</summary>
public sealed class PullRequestConvergenceTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly string[] Actions = ["opened", "synchronize", "converted_to_draft", "ready_for_review", "closed", "reopened", "merged"];

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        services.AddBobGit().AddGitHub();
        return services.BuildServiceProvider();
    }

    private static byte[] Payload(string action, string repositoryName, int number)
    {
        var file = action == "merged" ? "pull_request.closed.json" : $"pull_request.{action}.json";
        var node = JsonNode.Parse(Resource(file))!;
        if (action == "merged")
        {
            // GitHub's examples have no merge; set the fields as GitHub does on one (see Resources/github/SOURCE.md).
            node["pull_request"]!["merged"] = true;
            node["pull_request"]!["merged_at"] = node["pull_request"]!["closed_at"]!.GetValue<string>();
            node["pull_request"]!["updated_at"] = "2019-05-15T15:22:00Z";
        }

        node["repository"]!["html_url"] = $"https://github.com/Codertocat/{repositoryName}";
        node["pull_request"]!["number"] = number;
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static byte[] Resource(string file) => EmbeddedPayloads.Read<PullRequestConvergenceTests>("github", file);

    private async Task<string> ApplyAllAsync(ServiceProvider sp, string repositoryName, int number, IEnumerable<string> order)
    {
        var parser = new GitHubWebhookPayloadParser();
        var handler = sp.GetServices<IGitWebhookEventHandler>().Single();
        foreach (var action in order)
        {
            var gitEvent = parser.Parse("pull_request", Payload(action, repositoryName, number), RemoteUrlParser.Default)!;
            await handler.HandleAsync(gitEvent);
        }

        await using var command = database.DataSource.CreateCommand(
            "SELECT concat_ws('|', status, title, head_branch, base_branch, head_sha, merged_at, provider_updated_at) FROM pull_requests WHERE lower(remote_name) = lower(@n) AND number = @number");
        command.Parameters.AddWithValue("n", repositoryName);
        command.Parameters.AddWithValue("number", number);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Repository> RegisterAsync(ServiceProvider sp, string repositoryName)
    {
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("converger", false);
        return await sp.GetRequiredService<RepositoryService>().RegisterAsync(user.Id, new RegisterRepository(repositoryName, $"https://github.com/Codertocat/{repositoryName}.git"));
    }

    [Fact]
    public async Task Events_InDeliveryOrder_EndMerged()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        await RegisterAsync(sp, name);

        var row = await ApplyAllAsync(sp, name, 2, Actions);

        Assert.StartsWith("merged|Update the README with new information.|changes|master|", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_InAnyOrder_EndInTheSameRow()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        await RegisterAsync(sp, name);
        var expected = await ApplyAllAsync(sp, name, 1, Actions);
        var number = 100;

        var permutations = Gen.Shuffle(Actions).Sample(40);
        foreach (var permutation in permutations)
        {
            number++;
            var row = await ApplyAllAsync(sp, name, number, permutation);
            Assert.True(expected == row, $"order {string.Join(",", permutation)} gave {row}, expected {expected}");
        }
    }

    [Fact]
    public async Task StaleEvent_AfterANewerOne_ChangesNothing()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        await RegisterAsync(sp, name);

        var closed = await ApplyAllAsync(sp, name, 5, ["closed"]);
        var afterStaleOpen = await ApplyAllAsync(sp, name, 5, ["opened"]);

        Assert.StartsWith("closed|", closed, StringComparison.Ordinal);
        Assert.Equal(closed, afterStaleOpen);
    }

    [Fact]
    public async Task EventForAnUnregisteredRemote_StoresNothing()
    {
        await using var sp = Services();
        var handler = sp.GetServices<IGitWebhookEventHandler>().Single();
        var name = $"Unregistered-{Guid.NewGuid():N}";

        await handler.HandleAsync(new GitHubWebhookPayloadParser().Parse("pull_request", Payload("opened", name, 2), RemoteUrlParser.Default)!);

        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM pull_requests WHERE remote_name = @n");
        command.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task ARemoteRegisteredRightAfterAnIgnoredEvent_GetsTheNextEvent()
    {
        // Lookups are reused for a moment across events; a registration in this process must end that at once.
        await using var sp = Services();
        var handler = sp.GetServices<IGitWebhookEventHandler>().Single();
        var name = $"Late-{Guid.NewGuid():N}";
        var opened = new GitHubWebhookPayloadParser().Parse("pull_request", Payload("opened", name, 3), RemoteUrlParser.Default)!;

        await handler.HandleAsync(opened);
        await RegisterAsync(sp, name);
        await handler.HandleAsync(opened);

        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM pull_requests WHERE remote_name = @n");
        command.Parameters.AddWithValue("n", name);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PushToThePullRequestsBranch_LinksItsCommits()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        var repository = await RegisterAsync(sp, name);
        await ApplyAllAsync(sp, name, 2, ["opened"]);
        var store = sp.GetRequiredService<IPullRequestStore>();
        var commit = new CommitInfo("6113728f27ae82c7b1a177c8d03f9e96e0adf246", "Create README", "Codertocat", "21031067+Codertocat@users.noreply.github.com", DateTimeOffset.UnixEpoch);

        Assert.Equal(1, await store.AddCommitsAsync(repository, "changes", [commit]));
        Assert.Equal(1, await store.AddCommitsAsync(repository, "changes", [commit]));

        await using var command = database.DataSource.CreateCommand(
            "SELECT count(*) FROM git_commits c JOIN pull_requests p ON p.id = c.pull_request_id WHERE c.remote_name = @n AND p.number = 2");
        command.Parameters.AddWithValue("n", name);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task PullRequestLinkedToASession_EmitsSessionEvents()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        var repository = await RegisterAsync(sp, name);
        await ApplyAllAsync(sp, name, 3, ["opened"]);
        await using (var link = database.DataSource.CreateCommand("""
            WITH s AS (INSERT INTO chat_conversations (user_id, repository_id) VALUES (@u, @r) RETURNING id)
            UPDATE pull_requests SET session_id = (SELECT id FROM s) WHERE repository_id = @r AND number = 3
            """))
        {
            link.Parameters.AddWithValue("u", repository.UserId);
            link.Parameters.AddWithValue("r", repository.Id);
            await link.ExecuteNonQueryAsync();
        }

        await ApplyAllAsync(sp, name, 3, ["merged"]);
        await ApplyAllAsync(sp, name, 3, ["merged"]);

        await using var command = database.DataSource.CreateCommand(
            "SELECT string_agg(kind, ',') FROM session_events e JOIN pull_requests p ON p.session_id = e.session_id WHERE p.repository_id = @r");
        command.Parameters.AddWithValue("r", repository.Id);
        Assert.Equal("pr.merged", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task DeliveriesThatChangeNothingVisible_AddNoSessionEvent()
    {
        await using var sp = Services();
        var name = $"HW-{Guid.NewGuid():N}";
        var repository = await RegisterAsync(sp, name);
        await ApplyAllAsync(sp, name, 2, ["opened"]);
        var session = await LinkToANewSessionAsync(repository, name);

        // labeled, assigned, locked: newer updated_at, same state, title and head as opened.
        await ApplyAllAsync(sp, name, 2, ["labeled", "assigned", "locked", "unlocked"]);
        Assert.Equal(0, await SessionEventsAsync(session));

        // An edit that changes the title is announced once, however often it is delivered.
        var handler = sp.GetServices<IGitWebhookEventHandler>().Single();
        var edited = JsonNode.Parse(Payload("unlocked", name, 2))!;
        edited["action"] = "edited";
        edited["pull_request"]!["title"] = "Update the README, reworded";
        edited["pull_request"]!["updated_at"] = "2019-05-15T15:30:00Z";
        var bytes = System.Text.Encoding.UTF8.GetBytes(edited.ToJsonString());
        for (var i = 0; i < 3; i++)
        {
            await handler.HandleAsync(new GitHubWebhookPayloadParser().Parse("pull_request", bytes, RemoteUrlParser.Default)!);
        }

        Assert.Equal(1, await SessionEventsAsync(session));
    }

    private async Task<Guid> LinkToANewSessionAsync(Repository repository, string name)
    {
        await using var command = database.DataSource.CreateCommand(
            """
            WITH s AS (INSERT INTO chat_conversations (user_id, repository_id) VALUES (@u, @r) RETURNING id)
            UPDATE pull_requests SET session_id = (SELECT id FROM s) WHERE lower(remote_name) = lower(@n) RETURNING session_id
            """);
        command.Parameters.AddWithValue("u", repository.UserId);
        command.Parameters.AddWithValue("r", repository.Id);
        command.Parameters.AddWithValue("n", name);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> SessionEventsAsync(Guid session)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM session_events WHERE session_id = @s AND kind = 'pr.updated'");
        command.Parameters.AddWithValue("s", session);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
