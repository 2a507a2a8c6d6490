using Bob.Git.Abstractions;
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
          Bob.SampleHost rewrap-tokens [--batch-size N]
                                                  re-encrypt every stored token under GIT_TOKEN_ENCRYPTION_KEY
                                                  (old keys in GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS); resumable,
                                                  safe while hosts serve
        """;

    public static readonly string[] Names = ["migrate", "create-user", "rewrap-tokens"];

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

        var batchSize = 100;
        if (command == "rewrap-tokens")
        {
            var index = Array.IndexOf(rest, "--batch-size");
            if (index >= 0)
            {
                if (index + 1 >= rest.Length || !int.TryParse(rest[index + 1], System.Globalization.CultureInfo.InvariantCulture, out batchSize) || batchSize < 1)
                {
                    await stderr.WriteLineAsync("--batch-size needs a positive number.");
                    return 2;
                }

                rest = rest.Where((_, i) => i != index && i != index + 1).ToArray();
            }
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
        builder.Services.AddBobVault(o => o.BindFrom(builder.Configuration));

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

            if (command == "rewrap-tokens")
            {
                _ = host.Services.GetRequiredService<IOptions<Bob.Vault.TokenVaultOptions>>().Value;
                return await RewrapAsync(host.Services.GetRequiredService<TokenRewrapper>(), batchSize, stdout, stderr);
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
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or BobConfigurationException or ArgumentException)
        {
            await stderr.WriteLineAsync($"{command} failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> RewrapAsync(TokenRewrapper rewrapper, int batchSize, TextWriter stdout, TextWriter stderr)
    {
        var report = await rewrapper.RewrapAllAsync(batchSize);
        await stdout.WriteLineAsync($"Rewrapped {report.Rewrapped} connection(s) under key id {report.CurrentKeyId}.");
        foreach (var failure in report.Failures)
        {
            await stderr.WriteLineAsync($"Not rewrapped: {failure.Message}");
        }

        if (report.Remaining > 0)
        {
            await stderr.WriteLineAsync($"{report.Remaining} connection(s) stayed locked by other writers; run rewrap-tokens again.");
        }

        return report.Failures.Count == 0 && report.Remaining == 0 ? 0 : 1;
    }
}
