using System.Text.Json;
using Bob.SampleHost.Infrastructure;
using Bob.Vault;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bob.SampleHost.Tests;

public sealed class ProblemExceptionHandlerTests
{
    [Fact]
    public async Task UndecryptableToken_Is409ProblemNamingKeyIdAndRow()
    {
        var row = Guid.NewGuid();
        var (status, contentType, body) = await HandleAsync(new TokenDecryptionException(TokenDecryptionFailure.UnknownKey, "0123456789abcdef", TokenLocation.AccessToken(row)));

        Assert.Equal(StatusCodes.Status409Conflict, status);
        Assert.Equal("application/problem+json", contentType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
        Assert.Contains("0123456789abcdef", detail, StringComparison.Ordinal);
        Assert.Contains(row.ToString(), detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedError_Is500WithoutItsMessage()
    {
        var (status, _, body) = await HandleAsync(new InvalidOperationException("connection string Password=hunter2"));

        Assert.Equal(StatusCodes.Status500InternalServerError, status);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
    }

    private static async Task<(int Status, string? ContentType, string Body)> HandleAsync(Exception exception)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));

        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
