namespace Bob.Git.Abstractions;

/// <summary>Where a keyset page starts: after the row with this creation time and id (newest first).</summary>
public readonly record struct PageKey(DateTimeOffset CreatedAt, Guid Id)
{
    /// <summary>The opaque cursor of this key.</summary>
    public string ToCursor()
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, CreatedAt.UtcTicks);
        Id.TryWriteBytes(bytes[8..]);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads a cursor made by <see cref="ToCursor"/>.</summary>
    /// <exception cref="BobValidationException">(<c>cursor</c>) It is not one.</exception>
    public static PageKey? FromCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        if (cursor.Length != 32 || !System.Buffers.Text.Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 24)
        {
            throw new BobValidationException("cursor", "The cursor is not one this list gave out.");
        }

        var ticks = BitConverter.ToInt64(bytes);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new BobValidationException("cursor", "The cursor is not one this list gave out.");
        }

        return new PageKey(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..]));
    }
}
