using Microsoft.Extensions.DependencyInjection;

namespace Bob.Postgres;

/// <summary>Returned by <c>AddBobPostgres()</c>: the PostgreSQL stores are registered; chain further registrations off it.</summary>
public interface IBobPostgresBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}
