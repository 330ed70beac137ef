using System.Reflection;

namespace ScoreExporter.Metrics;

/// <summary>Version and source revision, from the informational version the build stamps ("1.2.3+sha").</summary>
public sealed record BuildInfo(string Version, string Revision)
{
    public static BuildInfo Current { get; } = FromInformationalVersion(
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    public static BuildInfo FromInformationalVersion(string? informational)
    {
        if (string.IsNullOrEmpty(informational))
        {
            return new BuildInfo("unknown", "unknown");
        }

        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informational, "unknown")
            : new BuildInfo(informational[..plus], informational[(plus + 1)..]);
    }
}
