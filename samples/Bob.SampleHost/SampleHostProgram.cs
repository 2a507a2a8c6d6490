using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.SampleHost;

/// <summary>Runs the web host, or one of the subcommands <c>migrate</c> and <c>create-user NAME [--admin]</c>.</summary>
internal static class SampleHostProgram
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && HostCommands.Names.Contains(args[0]))
        {
            return await HostCommands.RunAsync(args, stdout, stderr);
        }

        if (args.Length > 0 && args[0] is "help" or "--help" or "-h")
        {
            await stdout.WriteLineAsync(HostCommands.Usage);
            return 0;
        }

        // The content root is the app's folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddSampleHostServices();
        var app = builder.Build();
        app.UseSampleHostPipeline();
        try
        {
            // Validate configuration before the host starts, so a bad setting is one clear line, not a logged stack trace.
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"Bob.SampleHost cannot start: {ex.Message}");
            return 1;
        }
        catch (BobConfigurationException ex)
        {
            await stderr.WriteLineAsync($"Bob.SampleHost cannot start: {ex.Message}");
            return 1;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await stderr.WriteLineAsync($"Bob.SampleHost cannot start: the database did not answer ({ex.Message}).");
            return 1;
        }
    }
}
