namespace ScoreExporter.Hosting;

/// <summary>The exporter's own switches, taken out before ASP.NET reads the rest of the command line.</summary>
public sealed record ExporterCommandLine(bool Demo, string[] HostArgs, bool Help = false)
{
    public const string DemoSwitch = "--demo";

    private static readonly string[] HelpSwitches = ["--help", "-h"];

    public static ExporterCommandLine Parse(string[] args) => new(
        args.Contains(DemoSwitch, StringComparer.Ordinal),
        args.Where(a => a != DemoSwitch && !HelpSwitches.Contains(a, StringComparer.Ordinal)).ToArray(),
        args.Any(a => HelpSwitches.Contains(a, StringComparer.Ordinal)));
}
