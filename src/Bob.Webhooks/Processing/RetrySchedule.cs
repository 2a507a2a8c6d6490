namespace Bob.Webhooks;

/// <summary>
/// When a failed delivery is tried again: 5 s, 30 s, 5 min, 30 min, 2 h, 6 h, 12 h after each failure, each delay
/// stretched or shrunk by up to ±20 % jitter so failures of one burst do not retry in lockstep. After the last one the
/// delivery is dead-lettered (<c>failed</c>).
/// </summary>
public static class RetrySchedule
{
    /// <summary>The delays before each retry, without jitter.</summary>
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
    ];

    /// <summary>The fraction by which a delay may vary either way.</summary>
    public const double Jitter = 0.2;

    /// <summary>How many attempts a delivery gets in all: the first and one per delay.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>The delay after the <paramref name="failures"/>-th failure, or <see langword="null"/> when it should be dead-lettered.</summary>
    /// <param name="failures">Failures so far, this one included (1 after the first attempt failed).</param>
    /// <param name="unitRandom">A uniform random number in [0, 1) choosing the jitter.</param>
    public static TimeSpan? NextDelay(int failures, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failures);
        if (failures > Delays.Count)
        {
            return null;
        }

        var factor = 1 + Jitter * (2 * Math.Clamp(unitRandom, 0, 1) - 1);
        return TimeSpan.FromTicks((long)(Delays[failures - 1].Ticks * factor));
    }
}
