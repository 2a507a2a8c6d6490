namespace Bob.Notifications;

/// <summary>A notification for a user's devices: what it says and the <c>bob://</c> link it opens.</summary>
/// <param name="Title">The title.</param>
/// <param name="Body">The text.</param>
/// <param name="Link">The deep link (<see cref="DeepLinks"/>): opaque ids only.</param>
public sealed record PushNotification(string Title, string Body, Uri Link);
