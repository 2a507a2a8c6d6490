namespace Bob.Webhooks;

/// <summary>
/// A delivery as it arrives, whatever serves it (ASP.NET Core through <c>Bob.Webhooks.AspNetCore</c>, or any other host):
/// the source it was sent to, its headers, and its body, which is read once, as it arrives.
/// </summary>
public sealed class WebhookRequest : IWebhookHeaders
{
    private readonly Dictionary<string, string> _headers;

    /// <summary>Describes a delivery.</summary>
    /// <param name="source">The name of the source whose route it came to (<see cref="WebhookSourceDefinition.Name"/>).</param>
    /// <param name="headers">Every request header (names in any case; a repeated header as one comma-separated value).</param>
    /// <param name="body">The raw body, read by <see cref="WebhookReceiver"/> exactly once.</param>
    /// <param name="contentType">The <c>Content-Type</c>, or <see langword="null"/>.</param>
    /// <param name="contentLength">The <c>Content-Length</c>, or <see langword="null"/> for a chunked body.</param>
    public WebhookRequest(string source, IEnumerable<KeyValuePair<string, string>> headers, Stream body, string? contentType = null, long? contentLength = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        Source = source;
        Body = body;
        ContentType = contentType;
        ContentLength = contentLength;
        _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            _headers[name] = value;
        }
    }

    /// <summary>The source whose route it came to.</summary>
    public string Source { get; }

    /// <summary>The raw body.</summary>
    public Stream Body { get; }

    /// <summary>The <c>Content-Type</c>, or <see langword="null"/>.</summary>
    public string? ContentType { get; }

    /// <summary>The <c>Content-Length</c>, or <see langword="null"/> for a chunked body.</summary>
    public long? ContentLength { get; }

    /// <summary>The query string's parameters (Gitea deliveries to a hook Bob made name it as <c>hook</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>Every header, by its name as received.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <inheritdoc />
    public string? Get(string name) => _headers.TryGetValue(name, out var value) ? value : null;
}
