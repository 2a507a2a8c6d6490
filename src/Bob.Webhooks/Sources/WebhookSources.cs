namespace Bob.Webhooks;

/// <summary>The webhook sources registered in this host (<c>AddBobWebhookSource()</c>), by name.</summary>
public sealed class WebhookSources
{
    private readonly Dictionary<string, WebhookSourceDefinition> _byName = new(StringComparer.Ordinal);

    /// <summary>Collects the registered definitions; registering one definition twice is harmless.</summary>
    /// <exception cref="InvalidOperationException">Two different definitions share a name.</exception>
    public WebhookSources(IEnumerable<WebhookSourceDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var definition in definitions)
        {
            if (_byName.TryGetValue(definition.Name, out var existing) && !ReferenceEquals(existing, definition))
            {
                throw new InvalidOperationException($"Two webhook sources are registered under the name '{definition.Name}'.");
            }

            _byName[definition.Name] = definition;
        }
    }

    /// <summary>Every registered source, in name order.</summary>
    public IReadOnlyList<WebhookSourceDefinition> All => [.. _byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>The source registered under <paramref name="name"/>, if any.</summary>
    public bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WebhookSourceDefinition? definition)
    {
        definition = null;
        return name is not null && _byName.TryGetValue(name, out definition);
    }
}
