using System.Text.RegularExpressions;

namespace Bob.Webhooks;

/// <summary>
/// Everything the suite needs to know about one sender of webhooks, registered by the package that knows it (the way ASP.NET
/// Core registers authentication schemes): <c>AddGitHub()</c>, <c>AddGitLab()</c> and <c>AddGitea()</c> add theirs, the tasks
/// package adds Kanbanger's. The core switches on none of them; a new sender is one package calling
/// <c>AddBobWebhookSource()</c>. Its secrets are the named options <see cref="WebhookSecrets"/> of <see cref="Name"/>.
/// </summary>
public sealed partial class WebhookSourceDefinition
{
    /// <summary>Defines a source.</summary>
    /// <param name="name">
    /// The wire name: the route segment (<c>/api/webhooks/{name}</c>), the <c>webhook_deliveries.provider</c> value, the named
    /// options' name and the metric tag. Lower-case letters, digits and hyphens, at most 20 characters, starting with a letter.
    /// </param>
    /// <param name="displayName">How people and configuration name it: <c>GitHub</c> (secrets at <c>Webhooks:GitHub:Secret</c>).</param>
    /// <param name="eventHeaders">The headers that name the event, in order of preference; the first present one is used.</param>
    /// <param name="deliveryIdHeaders">The headers that carry the delivery id (the dedupe key), in order of preference.</param>
    /// <param name="createVerifier">Builds the verifier from the source's current secrets; called again when they change.</param>
    /// <exception cref="ArgumentException">A name that is not a valid wire name, or no event or delivery header.</exception>
    public WebhookSourceDefinition(
        string name,
        string displayName,
        IReadOnlyList<string> eventHeaders,
        IReadOnlyList<string> deliveryIdHeaders,
        Func<WebhookSecrets, TimeProvider, WebhookSignatureVerifier> createVerifier)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(eventHeaders);
        ArgumentNullException.ThrowIfNull(deliveryIdHeaders);
        ArgumentNullException.ThrowIfNull(createVerifier);
        if (!WireName().IsMatch(name))
        {
            throw new ArgumentException($"A webhook source name is lower-case letters, digits and hyphens, starting with a letter, at most 20 characters; got '{name}'.", nameof(name));
        }

        if (eventHeaders.Count == 0 || deliveryIdHeaders.Count == 0)
        {
            throw new ArgumentException($"Webhook source '{name}' needs at least one event header and one delivery id header.");
        }

        Name = name;
        DisplayName = displayName;
        EventHeaders = [.. eventHeaders];
        DeliveryIdHeaders = [.. deliveryIdHeaders];
        CreateVerifier = createVerifier;
    }

    /// <summary>The wire name (route segment, stored provider value, options name).</summary>
    public string Name { get; }

    /// <summary>The name people and configuration sections use.</summary>
    public string DisplayName { get; }

    /// <summary>The headers that name the event, in order of preference.</summary>
    public IReadOnlyList<string> EventHeaders { get; }

    /// <summary>The headers that carry the delivery id, in order of preference.</summary>
    public IReadOnlyList<string> DeliveryIdHeaders { get; }

    /// <summary>Builds the verifier from the current secrets (the headers it names as secret are never stored).</summary>
    public Func<WebhookSecrets, TimeProvider, WebhookSignatureVerifier> CreateVerifier { get; }

    /// <summary>
    /// Builds the processor of this source's deliveries, once per host; <see langword="null"/> (the default) when deliveries
    /// are only stored, already processed.
    /// </summary>
    public Func<IServiceProvider, IWebhookSourceProcessor>? CreateProcessor { get; init; }

    /// <summary>
    /// How a delivery names the hook Bob made for it (issue 23), so it is verified with that hook's own secret; <see langword="null"/>
    /// (the default) when every delivery is verified with the source's shared secret.
    /// </summary>
    public WebhookHookKeys? HookKeys { get; init; }

    /// <summary>
    /// Whether the source receives webhooks over HTTP (the default). An outbox source (<see cref="ForOutbox"/>) does not: its
    /// rows are written by the suite itself, in the transaction of the state change they follow, and only its processor reads
    /// them; no route is mapped for it and the receiver refuses it as unknown.
    /// </summary>
    public bool ReceivesWebhooks { get; private init; } = true;

    /// <summary>
    /// Defines an outbox source: side effects (a tracker comment, a push notification) written as rows of the delivery queue in
    /// the same transaction as the state change that causes them, then claimed, leased, retried with backoff and dead-lettered
    /// by the webhook worker like any delivery, with the row's delivery id as the dedupe key. Not reachable over HTTP.
    /// </summary>
    /// <param name="name">The wire name (<c>webhook_deliveries.provider</c> of its rows).</param>
    /// <param name="displayName">How people name it.</param>
    /// <param name="createProcessor">Builds the processor that performs the side effects.</param>
    public static WebhookSourceDefinition ForOutbox(string name, string displayName, Func<IServiceProvider, IWebhookSourceProcessor> createProcessor)
    {
        ArgumentNullException.ThrowIfNull(createProcessor);
        return new WebhookSourceDefinition(name, displayName, ["x-bob-outbox-event"], ["x-bob-outbox-id"], static (_, _) => new RefusingVerifier())
        {
            CreateProcessor = createProcessor,
            ReceivesWebhooks = false,
        };
    }

    /// <summary>The event name: the first of <see cref="EventHeaders"/> with a value.</summary>
    public string? EventType(IWebhookHeaders headers) => FirstOf(EventHeaders, headers);

    /// <summary>The delivery id: the first of <see cref="DeliveryIdHeaders"/> with a value.</summary>
    public string? DeliveryId(IWebhookHeaders headers) => FirstOf(DeliveryIdHeaders, headers);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string? FirstOf(IReadOnlyList<string> names, IWebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var name in names)
        {
            if (headers.Get(name) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>An outbox source's verifier: nothing sent over HTTP is ever its delivery.</summary>
    private sealed class RefusingVerifier : WebhookSignatureVerifier
    {
        public override IReadOnlyList<string> SecretHeaders => [];

        public override WebhookVerificationResult Verify(IWebhookHeaders headers, ReadOnlySpan<byte> body) =>
            WebhookVerificationResult.NotConfigured;

        protected override void Dispose(bool disposing)
        {
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex WireName();
}
