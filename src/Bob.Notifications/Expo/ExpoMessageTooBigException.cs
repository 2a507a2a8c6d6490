using Bob.Git.Abstractions;

namespace Bob.Notifications;

/// <summary>A message is larger than Expo's 4096 bytes; refused before anything is sent.</summary>
public sealed class ExpoMessageTooBigException : BobException
{
    /// <inheritdoc />
    public override BobErrorKind Kind => BobErrorKind.Invalid;

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(int index, int bytes)
        : base($"Push message {index} is {bytes} bytes; Expo takes at most {ExpoPushClient.MaxMessageBytes}. Shorten its title, body or data.") =>
        (Index, Bytes) = (index, bytes);

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExpoMessageTooBigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The message's index in the call.</summary>
    public int Index { get; }

    /// <summary>Its size.</summary>
    public int Bytes { get; }
}
