using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Git.Internal;

/// <summary>Makes the self-hosted instance a provider's options name known for remote URL parsing (cloud instances always are).</summary>
internal sealed class ConfiguredInstanceSetup<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IOptions<TOptions> providerOptions, Func<TOptions, GitInstance?> select)
    : IConfigureOptions<GitInstanceOptions>
    where TOptions : class
{
    public void Configure(GitInstanceOptions options)
    {
        if (select(providerOptions.Value) is { IsCloud: false } instance && !options.Instances.Contains(instance))
        {
            options.Instances.Add(instance);
        }
    }
}
