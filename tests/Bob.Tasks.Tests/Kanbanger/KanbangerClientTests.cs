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
    private FakeKanbanger _kanbanger = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _kanbanger = await FakeKanbanger.StartAsync(Token);
        var services = new ServiceCollection();
        KanbangerRegistration.AddClient(services, o => { o.BaseUrl = _kanbanger.BaseUri.ToString(); o.ApiToken = new Secret(Token); });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _kanbanger.DisposeAsync();
    }

    private KanbangerClient Client => _services.GetRequiredService<KanbangerClient>();

    [Fact]
    public async Task AddComment_PostsTheDocumentedRequest_AndReturnsTheCommentId()
    {
        var id = await Client.AddCommentAsync("tsk_123", "Opened https://github.com/acme/web/pull/7", "run-1:pr-opened");

        Assert.Equal("cmt_1", id);
        var request = Assert.Single(_kanbanger.Server.Requests);
        Assert.Equal(("POST", "/api/v1/tasks/tsk_123/comments", "run-1:pr-opened"), (request.Method, request.Path, request.Header("Idempotency-Key")));
        Assert.Equal("""{"body":"Opened https://github.com/acme/web/pull/7"}""", request.Body);
    }

    [Fact]
    public async Task CreateTask_PostsWorkspaceTitleDescriptionAndLinks()
    {
        var task = await Client.CreateTaskAsync("ws_1", "Follow up", "From PR #7", [new Uri("https://github.com/acme/web/pull/7")], "pr-7:task");

        Assert.Equal(new KanbangerTask("tsk_900", "BOB-43", "https://kanbanger.example/ws_1/BOB-43"), task);
        var body = Assert.Single(_kanbanger.Server.Requests).Json;
        Assert.Equal(("ws_1", "Follow up", "From PR #7", "https://github.com/acme/web/pull/7"), (body.GetProperty("workspaceId").GetString(), body.GetProperty("title").GetString(), body.GetProperty("description").GetString(), body.GetProperty("links")[0].GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A5xxIsRetriedWithTheSameKey_AndTheCommentIsMadeOnce()
    {
        _kanbanger.FailuresLeft = 2;

        await Client.AddCommentAsync("tsk_123", "Merged", "run-1:merged");
        await Client.AddCommentAsync("tsk_123", "Merged", "run-1:merged"); // a worker's retry after a lost answer

        Assert.Single(_kanbanger.Comments);
        Assert.True(_kanbanger.Server.Requests.Count >= 4);
        Assert.All(_kanbanger.Server.Requests, r => Assert.Equal("run-1:merged", r.Header("Idempotency-Key")));
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
