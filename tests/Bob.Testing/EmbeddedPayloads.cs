namespace Bob.Testing;

/// <summary>Reads the real provider payloads test projects embed as <c>Resources/&lt;provider&gt;/&lt;file&gt;</c> (sources in SOURCE.md beside them).</summary>
public static class EmbeddedPayloads
{
    /// <summary>The bytes of <paramref name="file"/> under the <paramref name="provider"/> folder of the assembly that holds <typeparamref name="TMarker"/>.</summary>
    public static byte[] Read<TMarker>(string provider, string file)
    {
        var assembly = typeof(TMarker).Assembly;
        // MSBuild turns '-' in folder names into '_' in resource names.
        var folder = provider.Replace('-', '_');
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".{folder}.{file}", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
