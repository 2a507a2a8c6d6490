using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bob.Git.Abstractions;
using Bob.Git.GitHub;
using Bob.Git.GitLab;
using Bob.Git.Gitea;
using Bob.Postgres;
using Bob.Testing;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bob.Git.Tests.Webhooks;

/// <summary>
/// Provider timestamps in any offset, in each provider's format, through the real parser, handler and PostgreSQL. A commit
/// time such as <c>2011-12-12T14:27:31+02:00</c> once dead-lettered a push: Npgsql writes only offset zero to timestamptz.
/// </summary>
public sealed class ProviderTimestampTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private sealed record Case(string Provider, DateTimeOffset Instant, TimeSpan Offset, int Format);

    /// <summary>Any second from 1970 to 2100, in any offset from -12:00 to +14:00 (in quarter hours), in one of the provider's forms.</summary>
    private static readonly FsCheck.Gen<Case> Cases =
        from provider in Gen.Elements("github", "gitlab", "gitea")
        from seconds in Gen.Choose(0, int.MaxValue).Select(s => (long)s * 2) // to 2106, past int's 2038
        from quarters in Gen.Choose(-48, 56)
        from format in Gen.Choose(0, 2)
        select new Case(provider, DateTimeOffset.FromUnixTimeSeconds(seconds), TimeSpan.FromMinutes(15 * quarters), format);

    /// <summary>The forms the providers write: ISO 8601 with an offset (or Z), with fractional seconds, and GitLab's "UTC" form.</summary>
    private static string Write(Case c)
    {
        var local = c.Instant.ToOffset(c.Offset);
        return c.Format switch
        {
            0 => c.Offset == TimeSpan.Zero && c.Provider == "github" ? local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            1 => local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            _ => c.Provider == "gitlab" ? c.Instant.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        };
    }

    private static (IGitWebhookPayloadParser Parser, string EventType, string Url) Provider(string provider, string name) => provider switch
    {
        "github" => (new GitHubWebhookPayloadParser(), "push", $"https://github.com/acme/{name}"),
        "gitlab" => (new GitLabWebhookPayloadParser(), "Push Hook", $"https://gitlab.com/acme/{name}"),
        _ => (new GiteaWebhookPayloadParser(Options.Create(new GiteaOptions())), "push", $"https://gitea.example.org/acme/{name}"),
    };

    /// <summary>A push with one commit, in the shape all three providers share (their documented push examples).</summary>
    private static byte[] Push(string provider, string url, string sha, string timestamp)
    {
        var repository = provider == "gitlab" ? $"\"project\":{{\"web_url\":\"{url}\"}}" : $"\"repository\":{{\"html_url\":\"{url}\"}}";
        return Encoding.UTF8.GetBytes(
            $$$"""{"ref":"refs/heads/main","before":"{{{new string('0', 40)}}}","after":"{{{sha}}}",{{{repository}}},"commits":[{"id":"{{{sha}}}","message":"m","timestamp":"{{{timestamp}}}","author":{"name":"A","email":"a@example.org"}}]}""");
    }

    [Fact]
    public async Task AnyTimestampInAnyOffset_InEachProvidersFormat_StoresAndReadsBackAsTheSameInstant()
    {
        var services = new ServiceCollection();
        services.AddBobPostgres(o => o.ConnectionString = database.ConnectionString);
        services.AddBobVault(o => o.CurrentKey = new Bob.Git.Abstractions.Secret(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        services.AddBobGit().AddGitHub().AddGitLab().AddGitea();
        await using var sp = services.BuildServiceProvider();
        var user = await sp.GetRequiredService<UserStore>().CreateAsync("timekeeper", false);
        var name = $"times-{Guid.NewGuid():N}";
        foreach (var provider in new[] { "github", "gitlab", "gitea" })
        {
            var (_, _, url) = Provider(provider, name);
            await sp.GetRequiredService<RepositoryService>().RegisterAsync(user.Id, new RegisterRepository(name, url + ".git", provider == "gitea" ? GitProvider.Gitea : null));
        }

        var handler = sp.GetServices<IGitWebhookEventHandler>().Single();
        var failures = new List<string>();
        foreach (var c in Cases.Sample(300))
        {
            var (parser, eventType, url) = Provider(c.Provider, name);
            var sha = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
            var written = Write(c);

            var push = Assert.IsType<PushWebhookEvent>(parser.Parse(eventType, Push(c.Provider, url, sha, written), RemoteUrlParser.Default));
            await handler.HandleAsync(push);

            await using var read = database.DataSource.CreateCommand("SELECT committed_at FROM git_commits WHERE sha = @sha");
            read.Parameters.AddWithValue("sha", sha);
            var stored = await read.ExecuteScalarAsync();
            if (stored is not DateTime utc || new DateTimeOffset(utc, TimeSpan.Zero) != c.Instant || push.Commits[0].CommittedAt.Offset != TimeSpan.Zero)
            {
                failures.Add($"{c.Provider} '{written}' -> {stored ?? "nothing"}");
            }
        }

        Assert.Empty(failures);
    }
}
