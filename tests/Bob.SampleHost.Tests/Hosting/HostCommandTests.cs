using System.Security.Cryptography;
using Bob.Testing;

namespace Bob.SampleHost.Tests;

public sealed class HostCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Migrate_Twice_SecondRunChangesNothing()
    {
        await using var fresh = PostgresDatabase.Empty();
        await fresh.InitializeAsync();

        var env = new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = fresh.ConnectionString };
        var first = await HostProcess.RunAsync(env, Timeout, "migrate");
        var second = await HostProcess.RunAsync(env, Timeout, "migrate");

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.StartsWith("Applied", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal("Database is up to date.", second.Stdout.Trim());
    }

    [Fact]
    public async Task CreateUser_PrintsIdAndKey_AndTheKeyWorks()
    {
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = database.ConnectionString }, Timeout, "create-user", "Ana Lima", "--admin");

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("user-id: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("api-key: ", lines[1], StringComparison.Ordinal);
        var userId = Guid.Parse(lines[0]["user-id: ".Length..]);

        var user = await new Bob.Postgres.ApiKeyStore(database.DataSource, TimeProvider.System).AuthenticateAsync(lines[1]["api-key: ".Length..]);
        Assert.Equal(userId, user?.Id);
        Assert.True(user?.IsAdmin);
        Assert.Equal("Ana Lima", user?.Name);
    }

    [Theory]
    [InlineData("create-user")]
    [InlineData("create-user a b")]
    [InlineData("create-user a --root")]
    public async Task CreateUser_BadArguments_ExitsNonZeroWithUsage(string commandLine)
    {
        var arguments = commandLine.Split(' ');
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__Bob"] = database.ConnectionString }, Timeout, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Migrate_WithoutConnectionString_SaysWhichSettingIsMissing()
    {
        var result = await HostProcess.RunAsync(new Dictionary<string, string?>(), Timeout, "migrate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings__Bob", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "GIT_TOKEN_ENCRYPTION_KEY is not set")]
    [InlineData("c2hvcnQ=", "GIT_TOKEN_ENCRYPTION_KEY decodes to 5 bytes")]
    [InlineData("%%%", "GIT_TOKEN_ENCRYPTION_KEY is not valid base64")]
    public async Task Host_WithoutValidEncryptionKey_RefusesToStart(string? key, string message)
    {
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Bob"] = database.ConnectionString,
                ["GIT_TOKEN_ENCRYPTION_KEY"] = key,
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
            Timeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithBadPreviousKey_RefusesToStartNamingTheEntry()
    {
        var good = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Bob"] = database.ConnectionString,
                ["GIT_TOKEN_ENCRYPTION_KEY"] = good,
                ["GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS"] = $"{good},c2hvcnQ=",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
            Timeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GIT_TOKEN_ENCRYPTION_PREVIOUS_KEYS (entry 2)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(good, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithAGitHubAppKeyThatCannotSign_RefusesToStartNamingTheSetting_NeverTheKey()
    {
        using var small = RSA.Create(1024); // a real PEM key, too short for GitHub
        var pem = small.ExportRSAPrivateKeyPem();
        var result = await HostProcess.RunAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Bob"] = database.ConnectionString,
                ["GIT_TOKEN_ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Providers__GitHub__App__ClientId"] = "Iv23liExample",
                ["Providers__GitHub__App__ClientSecret"] = "app-client-secret",
                ["Providers__GitHub__App__PrivateKey"] = pem,
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            },
            Timeout);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Providers:GitHub:App:PrivateKey is not an RSA private key", result.Stdout + result.Stderr, StringComparison.Ordinal);
        var body = pem.Split('\n')[1];
        Assert.DoesNotContain(body, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
