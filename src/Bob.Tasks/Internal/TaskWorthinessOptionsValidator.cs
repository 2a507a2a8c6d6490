using Microsoft.Extensions.Options;

namespace Bob.Tasks.Internal;

/// <summary>Validates <see cref="Bob.Tasks.TaskWorthinessOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class TaskWorthinessOptionsValidator : IValidateOptions<TaskWorthinessOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskWorthinessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.MinChangedLines < 0 || options.MinChangedFiles < 0 || options.MinSummaryBullets < 0)
        {
            failures.Add("TaskWorthiness: MinChangedLines, MinChangedFiles and MinSummaryBullets must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
