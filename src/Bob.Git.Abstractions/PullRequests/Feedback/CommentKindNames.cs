namespace Bob.Git.Abstractions;

/// <summary>A <see cref="CommentKind"/>'s name on the wire and in storage: <c>inline</c> or <c>conversation</c>.</summary>
public static class CommentKindNames
{
    /// <summary>The kind's wire name.</summary>
    public static string ToWireName(this CommentKind kind) => kind switch
    {
        CommentKind.Inline => "inline",
        CommentKind.Conversation => "conversation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown comment kind."),
    };

    /// <summary>The kind a wire name names.</summary>
    /// <exception cref="FormatException"><paramref name="value"/> names no comment kind.</exception>
    public static CommentKind Parse(string value) => value switch
    {
        "inline" => CommentKind.Inline,
        "conversation" => CommentKind.Conversation,
        _ => throw new FormatException($"'{TextRules.Excerpt(value ?? "", 40)}' is not a comment kind."),
    };
}
