using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Webhooks.Tests.Processing;

public sealed class RetryScheduleTests
{
    [Property]
    public Property NextDelay_StaysWithinTwentyPercentOfTheSchedule() =>
        Prop.ForAll(Gen.Choose(1, 7).ToArbitrary(), Gen.Choose(0, 1_000_000).Select(i => i / 1_000_001.0).ToArbitrary(), (failures, unit) =>
        {
            var delay = RetrySchedule.NextDelay(failures, unit)!.Value;
            var nominal = RetrySchedule.Delays[failures - 1];
            return delay >= nominal * 0.8 && delay <= nominal * 1.2;
        });

    [Property]
    public Property NextDelay_AfterTheLastDelay_DeadLetters() =>
        Prop.ForAll(Gen.Choose(8, 1000).ToArbitrary(), failures => RetrySchedule.NextDelay(failures, 0.5) is null);

    [Fact]
    public void Delays_FollowTheDocumentedSchedule() =>
        Assert.Equal(
            [5, 30, 300, 1800, 7200, 21600, 43200],
            RetrySchedule.Delays.Select(d => (int)d.TotalSeconds));

    [Fact]
    public void NextDelay_WithoutJitter_IsTheNominalDelay() =>
        Assert.Equal(TimeSpan.FromSeconds(30), RetrySchedule.NextDelay(2, 0.5));
}
