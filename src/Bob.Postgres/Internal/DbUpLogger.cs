using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

namespace Bob.Postgres.Internal;

/// <summary>Forwards DbUp's log to <see cref="ILogger"/>; DbUp's chatty information lines go to debug.</summary>
internal sealed class DbUpLogger(ILogger logger) : IUpgradeLog
{
#pragma warning disable CA2254 // DbUp hands us composite format strings, not message templates.
    public void LogTrace(string format, params object[] args) => logger.LogTrace(Format(format, args));

    public void LogDebug(string format, params object[] args) => logger.LogDebug(Format(format, args));

    public void LogInformation(string format, params object[] args) => logger.LogDebug(Format(format, args));

    public void LogWarning(string format, params object[] args) => logger.LogWarning(Format(format, args));

    public void LogError(string format, params object[] args) => logger.LogError(Format(format, args));

    public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, Format(format, args));
#pragma warning restore CA2254

    private static string Format(string format, object[] args) =>
        args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
}
