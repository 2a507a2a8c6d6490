using Microsoft.Extensions.Options;

namespace Bob.Tasks.Internal;

/// <summary>Validates <see cref="TaskRunOptions"/> when the host starts, naming the setting that is wrong.</summary>
internal sealed class TaskRunOptionsValidator : IValidateOptions<TaskRunOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.MaxAutomaticFixes is < 0 or > 100)
        {
            failures.Add($"TaskRuns:MaxAutomaticFixes must be between 0 and 100 (it is {options.MaxAutomaticFixes}).");
        }

        if (options.GreenSettleSeconds is < 0 or > 3600)
        {
            failures.Add($"TaskRuns:GreenSettleSeconds must be between 0 and 3600 (it is {options.GreenSettleSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
