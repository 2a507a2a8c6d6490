using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks.Internal;

internal sealed class BobTaskRunsBuilder(IServiceCollection services) : IBobTaskRunsBuilder
{
    public IServiceCollection Services { get; } = services;
}
