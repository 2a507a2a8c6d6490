using Bob.Testing;

namespace Bob.Tasks.Tests.Runs;

/// <summary>The task-run store contract, against the in-memory store the package's service tests use.</summary>
public sealed class InMemoryTaskRunStoreTests : TaskRunStoreContract
{
    private readonly InMemoryTaskRunStore _store = new();

    protected override ITaskRunStore Store => _store;

    protected override ITaskRunStore OtherHost() => _store;

    protected override Task<Guid> UserAsync() => Task.FromResult(_store.AddUser());
}
