namespace Bob.SampleHost.Endpoints;

/// <summary>A health answer: <c>ok</c> and each check.</summary>
internal sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks);
