using Bob.Git.Abstractions;

namespace Bob.Tasks;

/// <summary>Where the Kanbanger API is (configuration <c>Kanbanger:BaseUrl</c>, <c>Kanbanger:ApiToken</c>; SPEC §2).</summary>
public sealed class KanbangerOptions
{
    /// <summary>The tracker's base URL, such as <c>https://kanbanger.example</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API token sent as <c>Authorization: Bearer</c>.</summary>
    public Secret? ApiToken { get; set; }

    /// <summary>The workspace that tasks created for pull requests go to (plan 5.3, <c>Kanbanger:WorkspaceId</c>); unset: none are created.</summary>
    public string? WorkspaceId { get; set; }
}
