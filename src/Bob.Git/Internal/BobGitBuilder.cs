using Microsoft.Extensions.DependencyInjection;

namespace Bob.Git.Internal;

internal sealed class BobGitBuilder(IServiceCollection services) : IBobGitBuilder
{
    public IServiceCollection Services { get; } = services;
}
