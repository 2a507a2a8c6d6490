using Bob.Git;
using Bob.Git.Abstractions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the suite's core services.</summary>
public static class BobGitServiceCollectionExtensions
{
    /// <summary>
    /// Registers the instance registry and <see cref="RepositoryService"/>. Stores (<see cref="IRepositoryStore"/>,
    /// <see cref="IGitConnectionStore"/>) come from a storage package such as <c>AddBobPostgres()</c>. Calling it twice is harmless.
    /// </summary>
    /// <returns>A builder to add providers to: <c>.AddGitHub()</c>, <c>.AddGitLab()</c>, <c>.AddGitea()</c>.</returns>
    public static IBobGitBuilder AddBobGit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GitInstanceOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GitInstanceRegistry>();

        // Replaces the default parser (github.com and gitlab.com only) that packages may have registered.
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<GitInstanceRegistry>().Parser));
        services.TryAddSingleton<RepositoryService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGitWebhookEventHandler, GitWebhookEventHandler>());
        return new Bob.Git.Internal.BobGitBuilder(services);
    }

    /// <summary>
    /// Makes the self-hosted instance that <paramref name="select"/> reads from a provider's options a known instance for remote URL
    /// parsing. Provider packages call it from their <c>Add*</c> method; calling it twice for one options type is harmless.
    /// </summary>
    public static IBobGitBuilder AddConfiguredInstance<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        this IBobGitBuilder builder, Func<TOptions, GitInstance?> select)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(select);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Options.IConfigureOptions<GitInstanceOptions>, Bob.Git.Internal.ConfiguredInstanceSetup<TOptions>>(
            sp => new Bob.Git.Internal.ConfiguredInstanceSetup<TOptions>(sp.GetRequiredService<Options.IOptions<TOptions>>(), select)));
        return builder;
    }

    /// <summary>Adds a self-hosted instance that remote URLs are resolved against.</summary>
    public static IBobGitBuilder AddGitInstance(this IBobGitBuilder builder, GitInstance instance)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(instance);
        builder.Services.Configure<GitInstanceOptions>(o =>
        {
            if (!o.Instances.Contains(instance))
            {
                o.Instances.Add(instance);
            }
        });
        return builder;
    }
}
