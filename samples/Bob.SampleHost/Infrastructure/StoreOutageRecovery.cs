using Bob.Git.Abstractions;

namespace Bob.SampleHost.Infrastructure;

/// <summary>
/// Notes the end of a database outage: the first API answer below 500 after requests were refused with 503 (every API
/// request reads the database for its key) logs once how long it lasted and how many were refused.
/// </summary>
internal static partial class StoreOutageRecovery
{
    public static async Task NoteAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.StatusCode < 500 && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            && context.RequestServices.GetRequiredService<StoreOutage>().Answered() is { } ended)
        {
            LogBack(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StoreOutageRecovery).FullName!), ended.Duration.TotalSeconds, ended.Refused);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The database answers again after {Seconds:0.0} s; {Refused} requests were answered 503 meanwhile")]
    private static partial void LogBack(ILogger logger, double seconds, int refused);
}
