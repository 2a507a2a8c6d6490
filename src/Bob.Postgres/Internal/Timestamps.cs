namespace Bob.Postgres.Internal;

/// <summary>Npgsql reads <c>timestamptz</c> as a UTC <see cref="DateTime"/>; the public models use <see cref="DateTimeOffset"/>.</summary>
internal static class Timestamps
{
    public static DateTimeOffset FromUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    public static DateTimeOffset? FromUtc(DateTime? value) => value is { } v ? FromUtc(v) : null;
}
