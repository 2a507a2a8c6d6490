using Microsoft.Extensions.Options;

namespace Bob.Tasks.Internal;

/// <summary>Validates <see cref="Bob.Tasks.KanbangerOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class KanbangerOptionsValidator : IValidateOptions<KanbangerOptions>
{
    public ValidateOptionsResult Validate(string? name, KanbangerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.BaseUrl is { Length: > 0 } url && !TextRules.IsHttpLink(url))
        {
            failures.Add("Kanbanger:BaseUrl must be an absolute http or https URL (or unset: then tracker comments wait in the outbox).");
        }

        if (options.WorkspaceId is { Length: > 0 } workspace && (workspace.Length > 100 || TextRules.HasControlCharacters(workspace) || workspace.Contains(' ', StringComparison.Ordinal)))
        {
            failures.Add("Kanbanger:WorkspaceId must be at most 100 printable characters without spaces (or unset or empty: then no task is created for a pull request).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
