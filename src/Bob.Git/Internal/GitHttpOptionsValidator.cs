using Microsoft.Extensions.Options;

namespace Bob.Git.Internal;

/// <summary>Validates <see cref="Bob.Git.GitHttpOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class GitHttpOptionsValidator : IValidateOptions<GitHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Git HTTP MaxRetries must be between 0 and 10.");
        }

        if (options.BaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            failures.Add("Git HTTP delays must not be negative.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add("Git HTTP timeouts must be positive, the total at least one attempt.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
