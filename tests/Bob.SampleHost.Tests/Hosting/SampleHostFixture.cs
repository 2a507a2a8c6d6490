using System.Net.Http.Headers;
using System.Security.Cryptography;
using Bob.Postgres;
using Bob.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bob.SampleHost.Tests;

/// <summary>The sample host in memory over a fresh, migrated database.</summary>
public sealed class SampleHostFixture : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not started.");

    public const string GitHubSecret = "gh-webhook-secret";
    public const string GitHubPreviousSecret = "gh-webhook-secret-old";
    public const string GitLabSecret = "gl-webhook-token";
    public const string GiteaSecret = "gitea-webhook-secret";
    public const string KanbangerSecret = "kb-webhook-secret";
    public const int MaxBodyBytes = 1024 * 1024;

    public string ConnectionString => _database.ConnectionString;

    /// <summary>Every line the host logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public Npgsql.NpgsqlDataSource DataSource => _database.DataSource;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.UseSetting("ConnectionStrings:Bob", _database.ConnectionString);
            builder.UseSetting("GIT_TOKEN_ENCRYPTION_KEY", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Providers:GitLab:BaseUrl", "https://git.example.org/gitlab/");
            builder.UseSetting("Webhooks:GitHub:Secret", GitHubSecret);
            builder.UseSetting("Webhooks:GitHub:PreviousSecret", GitHubPreviousSecret);
            builder.UseSetting("Webhooks:GitLab:Secret", GitLabSecret);
            builder.UseSetting("Webhooks:Gitea:Secret", GiteaSecret);
            builder.UseSetting("Webhooks:Kanbanger:Secret", KanbangerSecret);
            builder.UseSetting("Webhooks:MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        _ = _factory.Server;
    }

    /// <summary>Creates a user and returns a client that sends its API key.</summary>
    public async Task<(HttpClient Client, Guid UserId)> CreateUserClientAsync(string name, bool admin = false)
    {
        using var scope = Factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserStore>().CreateAsync(name, admin);
        var key = await scope.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(user.Id);
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (client, user.Id);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
