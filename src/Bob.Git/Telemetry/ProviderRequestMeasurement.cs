using System.Diagnostics;
using Bob.Git.Abstractions;

namespace Bob.Git.Internal;

/// <summary>
/// Measures provider calls in the provider HTTP pipeline (outermost, so one measurement covers a call and its retries): the
/// provider and operation come from <see cref="ProviderTransport"/>, which names the call for the requests it sends; other
/// requests through the pipeline are not measured.
/// </summary>
internal sealed class ProviderRequestMeasurement(GitTelemetry telemetry) : DelegatingHandler
{
    private static readonly AsyncLocal<(GitProvider Provider, string Operation)?> CurrentCall = new();

    /// <summary>Names the provider call that the requests sent from here on (in this async flow) belong to.</summary>
    public static void Name(GitProvider provider, string operation) => CurrentCall.Value = (provider, operation);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (CurrentCall.Value is not { } call)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var activity = GitTelemetry.ActivitySource.StartActivity("bob.git.provider.request", ActivityKind.Client);
        activity?.SetTag("bob.git.provider", call.Provider.ToWireName());
        activity?.SetTag("bob.git.operation", call.Operation);
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            activity?.SetTag("http.response.status_code", status);
            return response;
        }
        finally
        {
            telemetry.Request(call.Provider, call.Operation, status, Stopwatch.GetElapsedTime(started));
        }
    }
}
