using System.Net;
using System.Net.Http.Headers;
using Bob.Http;

namespace Bob.Notifications.Tests;

/// <summary>The suite's shared retry rules (compiled into this package): which requests repeat, and how long a service may ask to wait.</summary>
public sealed class HttpRetryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RetryAfter_ReadsSecondsAndDates_NeverNegative()
    {
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)) } };
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(2)) } };
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-2)) } };
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(30), HttpRetryRules.RetryAfter(seconds, Now));
        Assert.Equal(TimeSpan.FromMinutes(2), HttpRetryRules.RetryAfter(date, Now));
        Assert.Equal(TimeSpan.Zero, HttpRetryRules.RetryAfter(past, Now));
        Assert.Null(HttpRetryRules.RetryAfter(none, Now));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    public void OnlyIdempotentMethods_AreRepeatedByDefault(string method, bool repeated)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "https://exp.host/--/api/v2/push/send");

        Assert.Equal(repeated, HttpRetryRules.IsSafeToRepeat(request));
    }
}
