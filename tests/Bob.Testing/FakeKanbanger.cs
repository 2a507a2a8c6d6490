using System.Collections.Concurrent;
using System.Text.Json;

namespace Bob.Testing;

/// <summary>
/// A fake Kanbanger API on 127.0.0.1 (SPEC §5) that checks each request's method, path, headers and body against the
/// contract, and keeps its promise: a repeated <c>Idempotency-Key</c> gets the first answer and nothing is done again.
/// </summary>
public sealed class FakeKanbanger : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeResponse> _answered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KanbangerComment> _comments = new();
    private readonly string _token;
    private int _failuresLeft;
    private int _tasks;

    private FakeKanbanger(FakeProviderServer server, string token)
    {
        Server = server;
        _token = token;
        server.Handler = Handle;
    }

    /// <summary>The server (every request it got is in <see cref="FakeProviderServer.Requests"/>).</summary>
    public FakeProviderServer Server { get; }

    /// <summary>The base URL (<c>Kanbanger:BaseUrl</c>).</summary>
    public Uri BaseUri => Server.BaseUri;

    /// <summary>The comments made, once each, in order.</summary>
    public IReadOnlyList<KanbangerComment> Comments => [.. _comments];

    /// <summary>How many of the next requests answer 503 before doing anything.</summary>
    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    /// <summary>How long the answer to a comment takes once the comment is made (a lost answer, when the caller dies meanwhile).</summary>
    public Func<string, TimeSpan>? AnswerDelay { get; set; }

    /// <summary>Starts the fake, accepting <paramref name="token"/> as the API token.</summary>
    public static async Task<FakeKanbanger> StartAsync(string token) => new(await FakeProviderServer.StartAsync(), token);

    private FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Header("Authorization") != $"Bearer {_token}" || request.Header("Content-Type") is not { } type || !type.StartsWith("application/json", StringComparison.Ordinal))
        {
            return FakeResponse.Json(401, """{"error":"unauthorized"}""");
        }

        if (request.Header("Idempotency-Key") is not { Length: > 0 } key)
        {
            return FakeResponse.Json(400, """{"error":"Idempotency-Key is required"}""");
        }

        if (_answered.TryGetValue(key, out var first))
        {
            return first with { Delay = TimeSpan.Zero };
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return FakeResponse.Json(503, """{"error":"try again"}""");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
        FakeResponse answer;
        const string prefix = "/api/v1/tasks/";
        if (request.Path.StartsWith(prefix, StringComparison.Ordinal) && request.Path.EndsWith("/comments", StringComparison.Ordinal))
        {
            var taskId = request.Path[prefix.Length..^"/comments".Length];
            if (taskId == "tsk_gone")
            {
                return FakeResponse.Json(404, """{"error":"no such task"}""");
            }

            var body = request.Json;
            if (body.ValueKind != JsonValueKind.Object || body.EnumerateObject().Count() != 1 || !body.TryGetProperty("body", out var text) || text.GetString() is not { Length: > 0 } comment)
            {
                return FakeResponse.Json(422, """{"error":"body is required"}""");
            }

            lock (_comments)
            {
                _comments.Enqueue(new KanbangerComment(taskId, comment, key));
                answer = FakeResponse.Json(201, $$"""{"id":"cmt_{{_comments.Count}}"}""") with { Delay = AnswerDelay?.Invoke(comment) ?? TimeSpan.Zero };
            }
        }
        else if (request.Path == "/api/v1/tasks")
        {
            var body = request.Json;
            if (!body.TryGetProperty("workspaceId", out var workspace) || workspace.GetString() is not { Length: > 0 } || !body.TryGetProperty("title", out var title) || title.GetString() is not { Length: > 0 }
                || !body.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
            {
                return FakeResponse.Json(422, """{"error":"workspaceId, title and links are required"}""");
            }

            var n = 899 + Interlocked.Increment(ref _tasks);
            answer = FakeResponse.Json(201, $$"""{"id":"tsk_{{n}}","identifier":"BOB-{{n - 857}}","url":"https://kanbanger.example/ws_1/BOB-{{n - 857}}"}""");
        }
        else
        {
            return null;
        }

        _answered[key] = answer;
        return answer;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>A comment the fake Kanbanger made.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Body">The text.</param>
/// <param name="IdempotencyKey">The key it was made under.</param>
public sealed record KanbangerComment(string TaskId, string Body, string IdempotencyKey);
