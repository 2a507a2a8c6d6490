using Microsoft.Extensions.Options;

namespace Bob.Git.Internal;

/// <summary>Validates <see cref="Bob.Git.GitWorkOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class GitWorkOptionsValidator : IValidateOptions<GitWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, GitWorkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.WorkDirectory) || string.IsNullOrWhiteSpace(options.Executable))
        {
            failures.Add("Git:WorkDirectory and Git:Executable must be set.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero || options.LockTimeout <= TimeSpan.Zero)
        {
            failures.Add("Git:CommandTimeout and Git:LockTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
