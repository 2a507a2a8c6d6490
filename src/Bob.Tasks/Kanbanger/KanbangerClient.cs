using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Tasks;

/// <summary>Where the Kanbanger API is (configuration <c>Kanbanger:BaseUrl</c>, <c>Kanbanger:ApiToken</c>; SPEC §2).</summary>
public sealed class KanbangerOptions
{
    /// <summary>The tracker's base URL, such as <c>https://kanbanger.example</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API token sent as <c>Authorization: Bearer</c>.</summary>
    public Secret? ApiToken { get; set; }

    /// <summary>The workspace that tasks created for pull requests go to (plan 5.3, <c>Kanbanger:WorkspaceId</c>); unset: none are created.</summary>
    public string? WorkspaceId { get; set; }
}

/// <summary>A task Kanbanger created.</summary>
/// <param name="Id">Its id (<c>tsk_…</c>).</param>
/// <param name="Identifier">Its human identifier, such as <c>BOB-43</c>.</param>
/// <param name="Url">Its page.</param>
public sealed record KanbangerTask(string Id, string Identifier, string Url);

/// <summary>Kanbanger refused a request (4xx); the message says why, never the token.</summary>
public sealed class KanbangerRequestException : BobException
{
    /// <summary>Creates the exception.</summary>
    public KanbangerRequestException(string message, HttpStatusCode? statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>Creates the exception with a generic message.</summary>
    public KanbangerRequestException()
        : base("Kanbanger refused the request.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public KanbangerRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public KanbangerRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Kanbanger's status code, if it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Whether trying again later may succeed: Kanbanger is not configured yet (no status), or it answered 408 or 429 after
    /// the client's own retries. Any other refusal stays a refusal.
    /// </summary>
    public override bool IsTransient => StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <inheritdoc />
    public override BobErrorKind Kind => StatusCode switch
    {
        null or HttpStatusCode.RequestTimeout => BobErrorKind.Unavailable,
        HttpStatusCode.TooManyRequests => BobErrorKind.RateLimited,
        HttpStatusCode.NotFound => BobErrorKind.NotFound,
        HttpStatusCode.Unauthorized => BobErrorKind.Unauthorized,
        HttpStatusCode.Forbidden => BobErrorKind.Forbidden,
        HttpStatusCode.Conflict => BobErrorKind.Conflict,
        { } status when (int)status >= 500 => BobErrorKind.Unavailable,
        _ => BobErrorKind.Rejected,
    };
}

/// <summary>
/// The Kanbanger API the suite calls (SPEC §5): <c>addComment</c> and <c>createTask</c>. Every POST carries the caller's
/// <c>Idempotency-Key</c>, so the resilience pipeline may repeat it after a timeout or a 5xx and Kanbanger still does it
/// once. Failures after the retries are <see cref="KanbangerRequestException"/> (4xx) or <see cref="HttpRequestException"/>
/// (unreachable, 5xx).
/// </summary>
public sealed class KanbangerClient(HttpClient http, IOptions<KanbangerOptions> options)
{
    /// <summary>Adds a comment to a task; returns the comment's id.</summary>
    /// <param name="taskId">The Kanbanger task id.</param>
    /// <param name="body">The comment's text.</param>
    /// <param name="idempotencyKey">The same key for every attempt at this comment (derived from the run and milestone).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string> AddCommentAsync(string taskId, string body, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        var answer = await PostAsync($"api/v1/tasks/{Uri.EscapeDataString(taskId)}/comments", new CommentRequest(body), KanbangerJsonContext.Default.CommentRequest, idempotencyKey, "add a comment", cancellationToken).ConfigureAwait(false);
        return (await answer.Content.ReadFromJsonAsync(KanbangerJsonContext.Default.IdAnswer, cancellationToken).ConfigureAwait(false))?.Id
            ?? throw new KanbangerRequestException("Kanbanger answered the comment without an id.", answer.StatusCode);
    }

    /// <summary>Creates a task in a workspace.</summary>
    public async Task<KanbangerTask> CreateTaskAsync(string workspaceId, string title, string? description, IReadOnlyList<Uri> links, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workspaceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(links);
        var answer = await PostAsync("api/v1/tasks", new TaskRequest(workspaceId, title, description, links.Select(l => new LinkRequest(l.AbsoluteUri)).ToArray()), KanbangerJsonContext.Default.TaskRequest, idempotencyKey, "create a task", cancellationToken).ConfigureAwait(false);
        var task = await answer.Content.ReadFromJsonAsync(KanbangerJsonContext.Default.TaskAnswer, cancellationToken).ConfigureAwait(false);
        return task is { Id: { } id, Identifier: { } identifier, Url: { } url }
            ? new KanbangerTask(id, identifier, Bob.Git.Abstractions.TextRules.HttpLinkOrNull(url) ?? "")
            : throw new KanbangerRequestException("Kanbanger answered the new task without its id, identifier or URL.", answer.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync<T>(string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string idempotencyKey, string operation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.BaseUrl) || o.ApiToken is null)
        {
            throw new KanbangerRequestException("Kanbanger is not configured: set Kanbanger:BaseUrl and Kanbanger:ApiToken.", (HttpStatusCode?)null);
        }

        var baseUri = new Uri(o.BaseUrl.EndsWith('/') ? o.BaseUrl : o.BaseUrl + "/", UriKind.Absolute);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path)) { Content = JsonContent.Create(body, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiToken.Reveal());
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var detail = TextRules.Excerpt((await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Replace(o.ApiToken.Reveal(), Secret.Redacted, StringComparison.Ordinal), 200);
        response.Dispose();
        throw (int)response.StatusCode >= 500
            ? new HttpRequestException($"Kanbanger failed to {operation} ({(int)response.StatusCode}): {detail}", null, response.StatusCode)
            : new KanbangerRequestException($"Kanbanger refused to {operation} ({(int)response.StatusCode}): {detail}", response.StatusCode);
    }

    internal sealed record CommentRequest([property: JsonPropertyName("body")] string Body);

    internal sealed record LinkRequest([property: JsonPropertyName("url")] string Url);

    internal sealed record TaskRequest(
        [property: JsonPropertyName("workspaceId")] string WorkspaceId,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("links")] LinkRequest[] Links);

    internal sealed record IdAnswer([property: JsonPropertyName("id")] string? Id);

    internal sealed record TaskAnswer(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("identifier")] string? Identifier,
        [property: JsonPropertyName("url")] string? Url);
}

[JsonSerializable(typeof(KanbangerClient.CommentRequest))]
[JsonSerializable(typeof(KanbangerClient.TaskRequest))]
[JsonSerializable(typeof(KanbangerClient.IdAnswer))]
[JsonSerializable(typeof(KanbangerClient.TaskAnswer))]
internal sealed partial class KanbangerJsonContext : JsonSerializerContext;
