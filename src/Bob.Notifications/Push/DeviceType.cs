namespace Bob.Notifications;

/// <summary>The kind of device a push token belongs to (<c>device_push_tokens.device_type</c>).</summary>
public enum DeviceType
{
    /// <summary>An iPhone or iPad.</summary>
    Ios = 1,

    /// <summary>An Android device.</summary>
    Android = 2,

    /// <summary>A browser.</summary>
    Web = 3,
}
