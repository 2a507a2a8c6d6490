namespace Bob.Testing;

/// <summary>
/// A test class over <see cref="InMemoryBob"/> and a real <see cref="GitRemote"/>, both made before each test (with
/// <see cref="User"/> a Bob user) and disposed after it. Override <see cref="CreateBobAsync"/> to configure the services,
/// <see cref="ArrangeAsync"/> to prepare every test's data.
/// </summary>
public abstract class InMemoryBobTest : IAsyncLifetime
{
    /// <summary>The git remote repositories live on.</summary>
    protected GitRemote Remote { get; private set; } = null!;

    /// <summary>The services over in-memory stores.</summary>
    protected InMemoryBob Bob { get; private set; } = null!;

    /// <summary>The Bob user the tests act as.</summary>
    protected Guid User { get; } = Guid.NewGuid();

    /// <summary>Builds the services for <paramref name="remote"/> (by default <see cref="InMemoryBob.Create"/> as it is).</summary>
    protected virtual Task<InMemoryBob> CreateBobAsync(GitRemote remote) => Task.FromResult(InMemoryBob.Create(remote));

    /// <summary>Prepares what every test of the class needs, once the services exist.</summary>
    protected virtual Task ArrangeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Remote = await GitRemote.StartAsync();
        Bob = await CreateBobAsync(Remote);
        Bob.Runs.AddUser(User);
        await ArrangeAsync();
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        await Bob.DisposeAsync();
        await Remote.DisposeAsync();
    }
}
