using System.Collections.Concurrent;
using Bob.Git.Abstractions;
using Bob.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bob.Tasks.Tests.Kanbanger;

/// <summary>
/// The Kanbanger client against a fake Kanbanger on 127.0.0.1 that checks each request against SPEC §5 and keeps its
/// promise: a repeated <c>Idempotency-Key</c> gets the first answer and nothing is done again.
/// </summary>
public sealed class KanbangerClientTests : IAsyncLifetime
{
    private const string Token = "kb-api-token-0123456789";
    private FakeProviderServer _kanbanger = null!;
    private ServiceProvider _services = null!;
    private readonly ConcurrentDictionary<string, FakeResponse> _answered = new();
    private readonly ConcurrentQueue<string> _comments = new();
    private int _failuresLeft;

    public async Task InitializeAsync()
    {
        _kanbanger = await FakeProviderServer.StartAsync();
        _kanbanger.Handler = Handle;
        _services = new ServiceCollection()
            .AddKanbangerClient(o => { o.BaseUrl = _kanbanger.BaseUri.ToString(); o.ApiToken = new Secret(Token); })
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    private KanbangerClient Client => _services.GetRequiredService<KanbangerClient>();

    private FakeResponse? Handle(RecordedRequest request)
    {
        if (request.Method != "POST" || request.Header("Authorization") != $"Bearer {Token}" || !request.Header("Content-Type")!.StartsWith("application/json", StringComparison.Ordinal))
        {
            return FakeResponse.Json(401, """{"error":"unauthorized"}""");
        }

        if (request.Header("Idempotency-Key") is not { Length: > 0 } key)
        {
            return FakeResponse.Json(400, """{"error":"Idempotency-Key is required"}""");
        }

        if (_answered.TryGetValue(key, out var first))
        {
            return first;
        }

        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return FakeResponse.Json(503, """{"error":"try again"}""");
        }

        FakeResponse answer;
        if (request.Path == "/api/v1/tasks/tsk_gone/comments")
        {
            return FakeResponse.Json(404, """{"error":"no such task"}""");
        }

        if (request.Path.StartsWith("/api/v1/tasks/", StringComparison.Ordinal) && request.Path.EndsWith("/comments", StringComparison.Ordinal))
        {
            var body = request.Json;
            if (body.EnumerateObject().Count() != 1 || body.GetProperty("body").GetString() is not { Length: > 0 } text)
            {
                return FakeResponse.Json(422, """{"error":"body is required"}""");
            }

            _comments.Enqueue(text);
            answer = FakeResponse.Json(201, $$"""{"id":"cmt_{{_comments.Count}}"}""");
        }
        else if (request.Path == "/api/v1/tasks")
        {
            var body = request.Json;
            answer = body.TryGetProperty("workspaceId", out _) && body.TryGetProperty("title", out _) && body.GetProperty("links").GetArrayLength() >= 0
                ? FakeResponse.Json(201, """{"id":"tsk_900","identifier":"BOB-43","url":"https://kanbanger.example/ws_1/BOB-43"}""")
                : FakeResponse.Json(422, """{"error":"workspaceId and title are required"}""");
        }
        else
        {
            return null;
        }

        _answered[key] = answer;
        return answer;
    }

    [Fact]
    public async Task AddComment_PostsTheDocumentedRequest_AndReturnsTheCommentId()
    {
        var id = await Client.AddCommentAsync("tsk_123", "Opened https://github.com/acme/web/pull/7", "run-1:pr-opened");

        Assert.Equal("cmt_1", id);
        var request = Assert.Single(_kanbanger.Requests);
        Assert.Equal(("POST", "/api/v1/tasks/tsk_123/comments", "run-1:pr-opened"), (request.Method, request.Path, request.Header("Idempotency-Key")));
        Assert.Equal("""{"body":"Opened https://github.com/acme/web/pull/7"}""", request.Body);
    }

    [Fact]
    public async Task CreateTask_PostsWorkspaceTitleDescriptionAndLinks()
    {
        var task = await Client.CreateTaskAsync("ws_1", "Follow up", "From PR #7", [new Uri("https://github.com/acme/web/pull/7")], "pr-7:task");

        Assert.Equal(new KanbangerTask("tsk_900", "BOB-43", "https://kanbanger.example/ws_1/BOB-43"), task);
        var body = Assert.Single(_kanbanger.Requests).Json;
        Assert.Equal(("ws_1", "Follow up", "From PR #7", "https://github.com/acme/web/pull/7"), (body.GetProperty("workspaceId").GetString(), body.GetProperty("title").GetString(), body.GetProperty("description").GetString(), body.GetProperty("links")[0].GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A5xxIsRetriedWithTheSameKey_AndTheCommentIsMadeOnce()
    {
        _failuresLeft = 2;

        await Client.AddCommentAsync("tsk_123", "Merged", "run-1:merged");
        await Client.AddCommentAsync("tsk_123", "Merged", "run-1:merged"); // a worker's retry after a lost answer

        Assert.Single(_comments);
        Assert.True(_kanbanger.Requests.Count >= 4);
        Assert.All(_kanbanger.Requests, r => Assert.Equal("run-1:merged", r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task ARefusal_IsTyped_AndNeverNamesTheToken()
    {
        var ex = await Assert.ThrowsAsync<KanbangerRequestException>(() => Client.AddCommentAsync("tsk_gone", "Hello", "run-1:gone"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("no such task", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);
    }
}
