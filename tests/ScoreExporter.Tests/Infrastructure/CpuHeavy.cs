namespace ScoreExporter.Tests.Infrastructure;

/// <summary>
/// Tests that keep both cores busy for minutes (the container image's Native AOT build) or that need timely answers
/// from real servers (Prometheus scraping every second): they take turns instead of starving each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CpuHeavy
{
    public const string Name = "CPU-heavy, one at a time";
}
