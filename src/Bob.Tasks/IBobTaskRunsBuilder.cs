using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks;

/// <summary>Returned by <c>AddBobTaskRuns()</c>: task runs, Kanbanger's webhook source and client, and the outbox are registered.</summary>
public interface IBobTaskRunsBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }

    /// <summary>Configures how runs behave (<see cref="TaskRunOptions"/>; validated when the host starts).</summary>
    IBobTaskRunsBuilder ConfigureRuns(Action<TaskRunOptions> configure);
}
