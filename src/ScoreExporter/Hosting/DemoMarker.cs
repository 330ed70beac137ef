namespace ScoreExporter.Hosting;

/// <summary>Present in the container only in demo mode; the landing page and the log say so.</summary>
public sealed record DemoMarker;
