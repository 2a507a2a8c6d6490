using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks.Internal;

internal sealed class BobTaskRunsBuilder(IServiceCollection services) : IBobTaskRunsBuilder
{
    public IServiceCollection Services { get; } = services;

    public IBobTaskRunsBuilder ConfigureRuns(Action<TaskRunOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
