using Microsoft.Extensions.Options;

namespace Bob.Webhooks.Internal;

/// <summary>Validates <see cref="Bob.Webhooks.WebhookWorkerOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class WebhookWorkerOptionsValidator : IValidateOptions<WebhookWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.Concurrency <= 0 || options.BatchSize <= 0)
        {
            failures.Add("Webhooks:Worker:Concurrency and BatchSize must be positive.");
        }

        if (options.Lease <= TimeSpan.Zero || options.PollInterval <= TimeSpan.Zero || options.Retention <= TimeSpan.Zero)
        {
            failures.Add("Webhooks:Worker:Lease, PollInterval and Retention must be positive.");
        }

        if (options.Lease < TimeSpan.FromSeconds(1))
        {
            failures.Add("Webhooks:Worker:Lease must be at least 1 second (the heartbeat renews it every quarter of it).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
