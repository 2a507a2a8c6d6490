using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bob.Tasks.Tests.Runs;

public sealed class TaskRunTransitionsTests
{
    [Theory]
    [InlineData(TaskRunStatus.Starting, TaskRunStatus.Running)]
    [InlineData(TaskRunStatus.Running, TaskRunStatus.Blocked)]
    [InlineData(TaskRunStatus.Blocked, TaskRunStatus.Running)]
    [InlineData(TaskRunStatus.Running, TaskRunStatus.Completed)]
    [InlineData(TaskRunStatus.Blocked, TaskRunStatus.Failed)]
    public void IsAllowed_PlanLifeCycle_Allows(TaskRunStatus from, TaskRunStatus to) =>
        Assert.True(TaskRunTransitions.IsAllowed(from, to));

    [Theory]
    [InlineData(TaskRunStatus.Starting, TaskRunStatus.Completed)]
    [InlineData(TaskRunStatus.Running, TaskRunStatus.Starting)]
    public void IsAllowed_SkippingOrGoingBack_Refuses(TaskRunStatus from, TaskRunStatus to) =>
        Assert.False(TaskRunTransitions.IsAllowed(from, to));

    [Property]
    public Property FinalStatuses_AllowNoMove() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<TaskRunStatus>()).ToArbitrary(), Gen.Elements(Enum.GetValues<TaskRunStatus>()).ToArbitrary(),
            (from, to) => !TaskRunTransitions.IsFinal(from) || !TaskRunTransitions.IsAllowed(from, to));

    [Property]
    public Property NoStatusMovesToItself() =>
        Prop.ForAll(Gen.Elements(Enum.GetValues<TaskRunStatus>()).ToArbitrary(), s => !TaskRunTransitions.IsAllowed(s, s));

    [Fact]
    public void ToWireName_MatchesTheDatabaseCheckConstraint() =>
        Assert.Equal(["starting", "running", "blocked", "completed", "failed", "cancelled"], Enum.GetValues<TaskRunStatus>().Select(s => s.ToWireName()));
}
