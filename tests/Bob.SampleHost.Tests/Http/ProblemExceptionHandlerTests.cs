using System.Text.Json;
using Bob.Git.Abstractions;
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

    public static TheoryData<Exception, int> ProviderErrors => new()
    {
        { new GitProviderException(BobErrorKind.Unauthorized, "GitLab refused get the current user: 401 Unauthorized.", GitProvider.GitLab), 422 },
        { new GitProviderException(BobErrorKind.Forbidden, "GitHub refused: 403 Forbidden.", GitProvider.GitHub), 403 },
        { new GitProviderException(BobErrorKind.NotFound, "Gitea refused: 404 Not Found.", GitProvider.Gitea), 404 },
        { new GitProviderException(BobErrorKind.Conflict, "GitHub refused: 405 (Pull Request is not mergeable).", GitProvider.GitHub), 409 },
        { new GitProviderException(BobErrorKind.Rejected, "GitLab refused: 422.", GitProvider.GitLab), 422 },
        { new GitProviderException(BobErrorKind.Unavailable, "GitHub did not answer in time.", GitProvider.GitHub), 502 },
        { GitProviderException.InstanceNotAllowed("localhost resolves to 127.0.0.1", GitProvider.Gitea), 422 },
        { BobNotFoundException.ForConnection(Guid.NewGuid()), 404 },
        { new GitConnectionReauthorizationRequiredException(Guid.NewGuid(), "invalid_grant", GitProvider.GitLab), 409 },
    };

    [Theory]
    [MemberData(nameof(ProviderErrors))]
    public async Task ProviderErrors_BecomeProblemsWithTheProvidersReason(Exception exception, int expected)
    {
        var (status, contentType, body) = await HandleAsync(exception);

        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(exception.Message, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ARateLimit_Is429WithRetryAfter()
    {
        var context = await HandleContextAsync(new GitProviderException(BobErrorKind.RateLimited, "GitHub rate limit reached.", GitProvider.GitHub) { ResetAt = TimeProvider.System.GetUtcNow().AddSeconds(90) });

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.InRange(int.Parse(context.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture), 85, 91);
    }

    private static async Task<DefaultHttpContext> HandleContextAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), TimeProvider.System, new Bob.Git.Abstractions.StoreOutage(), NullLogger<ProblemExceptionHandler>.Instance);
        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        return context;
    }

    private static async Task<(int Status, string? ContentType, string Body)> HandleAsync(Exception exception)
    {
        var context = await HandleContextAsync(exception);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, context.Response.ContentType?.Split(';')[0], await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
