using System.Diagnostics;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Bob.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bob.SampleHost.Tests;

/// <summary>
/// Issue 18.10: <c>/openapi/v1.json</c> is usable by a client generator: the API key is a declared security scheme, every
/// operation has an id, a summary and its problems, the event stream is <c>text/event-stream</c>, Redocly's recommended
/// rules pass, and a C# client generated from it (NSwag) lists repositories with a key and gets a 401 problem without one.
/// </summary>
public sealed class OpenApiClientTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    private async Task<string> DocumentAsync()
    {
        using var client = host.Factory.CreateClient();
        return await client.GetStringAsync("/openapi/v1.json");
    }

    [Fact]
    public async Task EveryOperation_HasAnIdASummaryItsProblemsAndTheRightSecurity()
    {
        var document = JsonDocument.Parse(await DocumentAsync()).RootElement;
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("apiKey").GetProperty("scheme").GetString());
        var ids = new HashSet<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var op = operation.Value;
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(op.TryGetProperty("operationId", out var id) && ids.Add(id.GetString()!), $"{where}: no or a repeated operationId");
                Assert.True(op.TryGetProperty("summary", out var summary) && summary.GetString()!.Length > 10, $"{where}: no summary");
                var security = op.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToArray();
                var expected = path.Name.StartsWith("/api/webhooks/", StringComparison.Ordinal) || !path.Name.StartsWith("/api/", StringComparison.Ordinal) || path.Name.EndsWith("/callback", StringComparison.Ordinal) || path.Name == "/api/connections/github-app/setup"
                    ? Array.Empty<string>()
                    : path.Name.StartsWith("/api/cron/", StringComparison.Ordinal) ? ["cronSecret"] : ["apiKey"];
                Assert.True(expected.SequenceEqual(security), $"{where}: security {string.Join(",", security)}");
                var responses = op.GetProperty("responses");
                if (path.Name.StartsWith("/api/", StringComparison.Ordinal))
                {
                    Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('4')), $"{where}: no 4xx documented");
                    Assert.True(responses.GetProperty("503").GetProperty("content").TryGetProperty("application/problem+json", out _), $"{where}: no 503 problem");
                }

                if (expected.Length > 0)
                {
                    Assert.True(responses.TryGetProperty("401", out _), $"{where}: no 401");
                }
            }
        }

        var events = document.GetProperty("paths").GetProperty("/api/sessions/{id}/events").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(events.TryGetProperty("text/event-stream", out _));
    }

    [Fact]
    public async Task RedoclysRecommendedRules_Pass()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tools", "openapi-lint");
        var redocly = Path.Combine(folder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: scripts/test.sh installs it (npm ci in tools/openapi-lint).");
        await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await DocumentAsync());

        var start = new ProcessStartInfo(redocly) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "lint", "openapi.json", "--format", "stylish" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        var output = await stdout + await stderr;

        Assert.True(lint.ExitCode == 0, output);
        Assert.DoesNotContain(" error ", output, StringComparison.Ordinal);
        Assert.DoesNotContain(" warning ", output, StringComparison.Ordinal); // the few left off are in .redocly.lint-ignore.yaml, named in the README
    }

    [Fact]
    public async Task AGeneratedClient_ListsRepositoriesWithAKey_AndGetsA401ProblemWithoutOne()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await DocumentAsync());
        var settings = new NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings
        {
            ClassName = "BobClient",
            UseBaseUrl = false,
            CSharpGeneratorSettings = { Namespace = "Bob.Generated", JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson },
        };
        var code = new NSwag.CodeGeneration.CSharp.CSharpClientGenerator(document, settings).GenerateFile();
        var client = Compile(code).GetType("Bob.Generated.BobClient", throwOnError: true)!;
        var (http, _) = await host.CreateUserClientAsync("generated-client");
        await http.PostAsync("/api/repositories", new StringContent("""{"name":"web","remoteUrl":"https://github.com/acme/generated.git"}""", System.Text.Encoding.UTF8, "application/json"));

        dynamic withKey = Activator.CreateInstance(client, http)!;
        var repositories = (System.Collections.IEnumerable)await withKey.ListRepositoriesAsync();
        using var anonymous = host.Factory.CreateClient();
        dynamic withoutKey = Activator.CreateInstance(client, anonymous)!;
        Exception? refused = null;
        try
        {
            await withoutKey.ListRepositoriesAsync();
        }
        catch (Exception ex)
        {
            refused = ex;
        }

        dynamic item = Assert.Single(repositories.Cast<object>());
        Assert.Equal("web", (string)item.Name);
        Assert.NotNull(refused);
        Assert.Equal("ApiException", refused.GetType().Name.Split('`')[0]);
        Assert.Equal(401, (int)((dynamic)refused).StatusCode);
        Assert.Equal("ApiException`1", refused.GetType().Name); // the documented 401 problem, read into the generated ProblemDetails
        Assert.Equal(401, (int)((dynamic)refused).Result.Status);
        Assert.Null(anonymous.DefaultRequestHeaders.Authorization);
        Assert.IsType<AuthenticationHeaderValue>(http.DefaultRequestHeaders.Authorization);
    }

    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            $"Bob.Generated.{Guid.NewGuid():N}",
            [CSharpSyntaxTree.ParseText(code)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        return Assembly.Load(image.ToArray());
    }
}
