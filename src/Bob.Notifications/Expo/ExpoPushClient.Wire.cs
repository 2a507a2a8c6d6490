using System.IO.Compression;
using System.Text.Json;

namespace Bob.Notifications;

// How messages are written for Expo: JSON as the SDK writes it, gzip above a kilobyte.
public partial class ExpoPushClient
{
    /// <summary>The messages as Expo's JSON: an array, or one object for a size check.</summary>
    private static byte[] Serialize(IReadOnlyList<ExpoPushMessage> messages, bool single)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (!single)
            {
                writer.WriteStartArray();
            }

            foreach (var m in messages)
            {
                writer.WriteStartObject();
                if (m.To.Count == 1)
                {
                    writer.WriteString("to", m.To[0]);
                }
                else
                {
                    writer.WriteStartArray("to");
                    foreach (var to in m.To)
                    {
                        writer.WriteStringValue(to);
                    }

                    writer.WriteEndArray();
                }

                Optional(writer, "title", m.Title);
                Optional(writer, "body", m.Body);
                if (m.Data is not null)
                {
                    writer.WritePropertyName("data");
                    m.Data.WriteTo(writer);
                }

                Optional(writer, "sound", m.Sound);
                Optional(writer, "priority", m.Priority);
                Optional(writer, "channelId", m.ChannelId);
                Optional(writer, "collapseId", m.CollapseId);
                writer.WriteEndObject();
            }

            if (!single)
            {
                writer.WriteEndArray();
            }
        }

        return buffer.ToArray();
    }

    private static void Optional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static byte[] Gzip(byte[] json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }
}
