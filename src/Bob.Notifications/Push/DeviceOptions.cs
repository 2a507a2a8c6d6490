namespace Bob.Notifications;

/// <summary>Limits on users' push devices (configuration section <c>Devices</c>, SPEC §2).</summary>
public sealed class DeviceOptions
{
    /// <summary>The default of <see cref="MaxPerUser"/>.</summary>
    public const int DefaultMaxPerUser = 20;

    /// <summary>
    /// How many enabled devices a user keeps (<c>Devices:MaxPerUser</c>, 1–1000, default 20): registering one more disables
    /// the least recently seen, so a push never fans out to more than this many phones.
    /// </summary>
    public int MaxPerUser { get; set; } = DefaultMaxPerUser;
}
