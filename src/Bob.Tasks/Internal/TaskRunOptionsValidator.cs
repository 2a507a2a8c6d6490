using Microsoft.Extensions.Options;

namespace Bob.Tasks.Internal;

/// <summary>Validates <see cref="TaskRunOptions"/> when the host starts, naming the setting that is wrong.</summary>
internal sealed class TaskRunOptionsValidator : IValidateOptions<TaskRunOptions>
{
    public ValidateOptionsResult Validate(string? name, TaskRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxAutomaticFixes is < 0 or > 100
            ? ValidateOptionsResult.Fail($"TaskRuns:MaxAutomaticFixes must be between 0 and 100 (it is {options.MaxAutomaticFixes}).")
            : ValidateOptionsResult.Success;
    }
}
