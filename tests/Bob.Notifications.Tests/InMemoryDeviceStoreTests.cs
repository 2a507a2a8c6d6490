using Bob.Testing;

namespace Bob.Notifications.Tests;

/// <summary>The device store contract, against the in-memory store.</summary>
public sealed class InMemoryDeviceStoreTests : DeviceStoreContract
{
    protected override IDeviceStore Store { get; } = new InMemoryDeviceStore();

    protected override Task<Guid> UserAsync() => Task.FromResult(Guid.NewGuid());
}
