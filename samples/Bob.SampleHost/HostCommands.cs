using Bob.Postgres;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost;

/// <summary>The sample host's subcommands. They print results on stdout and everything else (logs, errors) on stderr.</summary>
internal static class HostCommands
{
    public const string Usage = """
        Usage:
          Bob.SampleHost                          run the web host (default http://127.0.0.1:5080; --urls to change)
          Bob.SampleHost migrate                  apply database migrations to ConnectionStrings__Bob and exit
          Bob.SampleHost create-user NAME [--admin]
                                                  create a user and print its id and a new API key
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var command = args[0];
        var rest = args.Skip(1).ToArray();
        string? userName = null;
        var admin = false;
        if (command == "create-user")
        {
            var positional = rest.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var flags = rest.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray();
            var unknown = flags.Where(f => f != "--admin" && !f.StartsWith("--ConnectionStrings", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (positional.Length != 1 || unknown.Length > 0 || string.IsNullOrWhiteSpace(positional[0]))
            {
                await stderr.WriteLineAsync("create-user needs exactly one NAME, optionally followed by --admin.");
                await stderr.WriteLineAsync(Usage);
                return 2;
            }

            userName = positional[0];
            admin = flags.Contains("--admin");
            rest = flags.Where(f => f != "--admin").ToArray();
        }

        var builder = Host.CreateApplicationBuilder(rest);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddBobPostgres(o =>
        {
            o.ConnectionString = builder.Configuration.GetConnectionString("Bob");
            o.MigrateOnStart = false;
        });

        using var host = builder.Build();
        try
        {
            _ = host.Services.GetRequiredService<IOptions<BobPostgresOptions>>().Value;
            var applied = await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            if (command == "migrate")
            {
                await stdout.WriteLineAsync(applied.Count == 0
                    ? "Database is up to date."
                    : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                return 0;
            }

            var user = await host.Services.GetRequiredService<UserStore>().CreateAsync(userName!, admin);
            var key = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
            await stdout.WriteLineAsync($"user-id: {user.Id}");
            await stdout.WriteLineAsync($"api-key: {key}");
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"{command}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or DatabaseMigrationException or ArgumentException)
        {
            await stderr.WriteLineAsync($"{command} failed: {ex.Message}");
            return 1;
        }
    }
}
