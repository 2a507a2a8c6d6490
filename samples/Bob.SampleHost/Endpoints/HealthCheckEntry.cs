namespace Bob.SampleHost.Endpoints;

/// <summary>One check's status and description.</summary>
internal sealed record HealthCheckEntry(string Status, string? Description);
