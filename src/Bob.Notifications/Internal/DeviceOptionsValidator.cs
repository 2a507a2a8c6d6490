using Microsoft.Extensions.Options;

namespace Bob.Notifications.Internal;

/// <summary>Validates <see cref="Bob.Notifications.DeviceOptions"/> when the host starts, naming each setting that is wrong.</summary>
internal sealed class DeviceOptionsValidator : IValidateOptions<DeviceOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.MaxPerUser is < 1 or > 1000)
        {
            failures.Add("Devices: MaxPerUser must be 1–1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
