using System.Text.Json;

namespace Bob.Git.Abstractions;

/// <summary>Appending events whose payload is built as a <see cref="System.Text.Json.Nodes.JsonObject"/>.</summary>
public static class SessionEventStreamExtensions
{
    /// <summary>Appends an event with <paramref name="payload"/>; see <see cref="ISessionEventStream.AppendAsync"/>.</summary>
    public static Task<long> AppendAsync(this ISessionEventStream stream, Guid sessionId, string kind, System.Text.Json.Nodes.JsonObject payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.AppendAsync(sessionId, kind, Element(payload), cancellationToken);
    }

    /// <summary>Appends an event once per <paramref name="dedupeKey"/>; see <see cref="ISessionEventStream.AppendOnceAsync"/>.</summary>
    public static Task<(long Sequence, bool Appended)> AppendOnceAsync(this ISessionEventStream stream, Guid sessionId, string kind, string dedupeKey, System.Text.Json.Nodes.JsonObject payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return stream.AppendOnceAsync(sessionId, kind, dedupeKey, Element(payload), cancellationToken);
    }

    private static JsonElement Element(System.Text.Json.Nodes.JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        using var document = JsonDocument.Parse(payload.ToJsonString());
        return document.RootElement.Clone();
    }
}
