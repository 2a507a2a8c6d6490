using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Bob.Git.Abstractions;
using Microsoft.Extensions.Options;

namespace Bob.Tasks;

/// <summary>
/// The Kanbanger API the suite calls (SPEC §5): <c>addComment</c> and <c>createTask</c>. Every POST carries the caller's
/// <c>Idempotency-Key</c>, so the resilience pipeline may repeat it after a timeout or a 5xx and Kanbanger still does it
/// once. Failures after the retries are a <see cref="KanbangerRequestException"/>: transient when Kanbanger could not be
/// reached, timed out, answered 5xx or 429 (<see cref="BobException.IsTransient"/>), a refusal otherwise.
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
            ? new KanbangerTask(id, identifier, TextRules.HttpLinkOrNull(url) ?? "")
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
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new KanbangerRequestException($"Kanbanger could not be reached to {operation}: {TextRules.Excerpt(ex.Message, 200)}", ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        var detail = TextRules.Excerpt((await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Replace(o.ApiToken.Reveal(), Secret.Redacted, StringComparison.Ordinal), 200);
        response.Dispose();
        throw new KanbangerRequestException($"Kanbanger {((int)response.StatusCode >= 500 ? "failed" : "refused")} to {operation} ({(int)response.StatusCode}): {detail}", response.StatusCode);
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
