using System.Globalization;

namespace Bob.Webhooks;

/// <summary>Replay protection shared by Kanbanger and Standard Webhooks.</summary>
internal static class TimestampWindow
{
    public static bool IsFresh(string? unixSeconds, TimeProvider timeProvider, TimeSpan tolerance) =>
        unixSeconds is { Length: > 0 and <= 20 }
        && unixSeconds.All(char.IsAsciiDigit)
        && long.TryParse(unixSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(timeProvider.GetUtcNow().ToUnixTimeSeconds() - seconds) <= (long)tolerance.TotalSeconds;
}
