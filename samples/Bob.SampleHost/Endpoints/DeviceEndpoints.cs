using Bob.Notifications;
using Bob.SampleHost.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bob.SampleHost.Endpoints;

/// <summary>
/// The user's devices for push notifications (plan 6.1): <c>POST /api/devices</c> <c>{expoPushToken, deviceType}</c>
/// registers (<c>201</c>) or refreshes (<c>200</c>, enabled again) a device per user and token; <c>DELETE /api/devices/{id}</c>.
/// A token is enabled for one user at a time (registering moves it), and a user keeps at most <c>Devices:MaxPerUser</c>
/// enabled devices, the least recently seen disabled first.
/// </summary>
internal static class DeviceEndpoints
{
    public static IEndpointRouteBuilder MapDeviceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/devices");
        group.MapPost("", RegisterAsync)
            .WithName("RegisterDevice").WithSummary("Registers or refreshes one of the user's devices for push notifications.");
        group.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteDevice").WithSummary("Removes one of the user's devices.");
        return app;
    }

    private static async Task<Results<Created<DeviceResponse>, Ok<DeviceResponse>, ValidationProblem>> RegisterAsync(
        RegisterDeviceRequest? request, HttpContext context, IDeviceStore devices, Microsoft.Extensions.Options.IOptions<DeviceOptions> limits, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ExpoPushClient.IsExpoPushToken(request?.ExpoPushToken))
        {
            errors["expoPushToken"] = ["expoPushToken is an Expo push token: ExponentPushToken[…] or ExpoPushToken[…] with letters, digits, - or _ inside (from getExpoPushTokenAsync), or a UUID."];
        }

        DeviceType? type = request?.DeviceType switch
        {
            "ios" => DeviceType.Ios,
            "android" => DeviceType.Android,
            "web" => DeviceType.Web,
            _ => null,
        };
        if (type is null)
        {
            errors["deviceType"] = ["deviceType is one of ios, android, web."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (device, created) = await devices.UpsertAsync(context.User.GetUserId(), request!.ExpoPushToken!, type!.Value, limits.Value.MaxPerUser, cancellationToken);
        var response = DeviceResponse.From(device);
        return created ? TypedResults.Created($"/api/devices/{device.Id}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, HttpContext context, IDeviceStore devices, CancellationToken cancellationToken) =>
        await devices.DeleteAsync(context.User.GetUserId(), id, cancellationToken) ? TypedResults.NoContent() : Problems.NotFound($"Device {id} was not found.");
}

/// <summary>The body of <c>POST /api/devices</c>.</summary>
internal sealed record RegisterDeviceRequest(string? ExpoPushToken, string? DeviceType);

/// <summary>A device as the API returns it.</summary>
internal sealed record DeviceResponse(Guid Id, string DeviceType, string ExpoPushToken, bool Enabled, DateTimeOffset CreatedAt)
{
    public static DeviceResponse From(Device d) => new(d.Id, d.Type.ToString().ToLowerInvariant(), d.ExpoPushToken, d.Enabled, d.CreatedAt);
}
