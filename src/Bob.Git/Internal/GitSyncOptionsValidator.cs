using Microsoft.Extensions.Options;

namespace Bob.Git.Internal;

/// <summary>Validates <see cref="Bob.Git.GitSyncOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class GitSyncOptionsValidator : IValidateOptions<GitSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, GitSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.IntervalSeconds < 0 || options.Lease <= TimeSpan.Zero || options.RecentActivity < TimeSpan.Zero)
        {
            failures.Add("GitSync:IntervalSeconds must not be negative (0 turns the hosted sync off), Lease must be positive, RecentActivity not negative.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            failures.Add("GitSync:MaxConcurrency must be between 1 and 64.");
        }

        if (options.MinRemainingRequests < 0)
        {
            failures.Add("GitSync:MinRemainingRequests must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
