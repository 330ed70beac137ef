namespace ScoreExporter.Hosting;

/// <summary>The exporter's own switches, taken out before ASP.NET reads the rest of the command line.</summary>
public sealed record ExporterCommandLine(bool Demo, string[] HostArgs)
{
    public const string DemoSwitch = "--demo";

    public static ExporterCommandLine Parse(string[] args) =>
        new(args.Contains(DemoSwitch, StringComparer.Ordinal), args.Where(a => a != DemoSwitch).ToArray());
}
