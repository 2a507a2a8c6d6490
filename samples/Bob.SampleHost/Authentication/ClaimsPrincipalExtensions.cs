using System.Globalization;
using System.Security.Claims;

namespace Bob.SampleHost.Authentication;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id; endpoints behind the fallback policy always have one.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated."), CultureInfo.InvariantCulture);
}
