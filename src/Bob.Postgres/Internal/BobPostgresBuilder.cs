using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres.Internal;

internal sealed class BobPostgresBuilder(IServiceCollection services) : IBobPostgresBuilder
{
    public IServiceCollection Services { get; } = services;
}
