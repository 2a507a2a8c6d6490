using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Bob.Http;

/// <summary>
/// The one resilience pipeline of the suite's HTTP clients (the provider clients, Kanbanger and Expo): a total timeout
/// around retries by <see cref="HttpRetryRules"/> around an attempt timeout, each retry logged with what failed and how
/// long it waits.
/// </summary>
/// <remarks>Compiled into each package that sends HTTP requests (Bob.Git, Bob.Tasks, Bob.Notifications); internal.</remarks>
internal static partial class HttpRetryPipeline
{
    /// <summary>Adds the pipeline named <paramref name="name"/> to a client, with rules read from the host's services.</summary>
    public static IHttpClientBuilder AddBobRetries(this IHttpClientBuilder builder, string name, Func<IServiceProvider, HttpRetryRules> rules)
    {
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            var read = rules(services);
            var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Bob.Http." + name) ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            if (read.TotalTimeout is { } total)
            {
                pipeline.AddTimeout(total);
            }

            if (read.MaxRetries > 0)
            {
                pipeline.AddRetry(Retry(read, timeProvider, logger));
            }

            if (read.AttemptTimeout is { } attempt)
            {
                pipeline.AddTimeout(attempt);
            }
        });
        return builder;
    }

    /// <summary>The retry strategy of <paramref name="rules"/> (public to the package for tests).</summary>
    public static HttpRetryStrategyOptions Retry(HttpRetryRules rules, TimeProvider timeProvider, ILogger logger) => new()
    {
        MaxRetryAttempts = rules.MaxRetries,
        Delay = rules.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = false, // RequestedDelay decides, so a rate limit past MaxRetryDelay is not waited for
        ShouldHandle = args => ShouldRetryAsync(rules, args.Outcome, args.Context, timeProvider),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? rules.RequestedDelay(response, timeProvider.GetUtcNow()) : null),
        OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            LogRetry(logger, request?.Method.Method ?? "?", request?.RequestUri?.Host ?? "?", request?.RequestUri?.AbsolutePath ?? "?",
                args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?",
                args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
            return ValueTask.CompletedTask;
        },
    };

    private static async ValueTask<bool> ShouldRetryAsync(HttpRetryRules rules, Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeProvider timeProvider)
    {
        var request = context.GetRequestMessage();
        if (outcome.Exception is { } exception)
        {
            return !context.CancellationToken.IsCancellationRequested && !rules.IsFinal(exception)
                && exception is HttpRequestException or TimeoutRejectedException && request is not null && rules.MayRepeat(request);
        }

        var response = outcome.Result!;
        if (await rules.IsRateLimited(response, context.CancellationToken).ConfigureAwait(false))
        {
            var delay = rules.RequestedDelay(response, timeProvider.GetUtcNow());
            return delay is null || delay <= rules.MaxRetryDelay;
        }

        return (response.StatusCode == System.Net.HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500) && request is not null && rules.MayRepeat(request);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Host}{Path} answered {Outcome} on attempt {Attempt}; trying again in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string method, string host, string path, string outcome, int attempt, double delayMs);
}
