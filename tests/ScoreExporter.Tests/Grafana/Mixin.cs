namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// The monitoring mixin under grafana/mixin, rendered with Debian's `jsonnet` (installed by
/// .ci/setup.d/22-jsonnet.sh): as shipped by its render script, or with a changed _config.
/// </summary>
public static class Mixin
{
    public static string Directory => Infrastructure.RepoPaths.Combine("grafana", "mixin");

    public static string Jsonnet
    {
        get
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Append("/usr/bin")
                .Select(d => Path.Combine(d, "jsonnet"))
                .FirstOrDefault(File.Exists);
            return found ?? throw new InvalidOperationException(
                "jsonnet is not installed: run `apt-get install --no-install-recommends jsonnet` (.ci/setup.d/22-jsonnet.sh does).");
        }
    }

    /// <summary>Runs grafana/mixin/render.sh with an output folder: the dashboards and the rule file, nothing else touched.</summary>
    public static async Task RenderShippedAsync(string outputDirectory)
    {
        _ = Jsonnet; // a clear message when it is missing
        var (exitCode, output) = await CommandLine.RunAsync("bash", [Path.Combine(Directory, "render.sh"), outputDirectory]);
        Assert.True(exitCode == 0, $"render.sh: exit {exitCode}\n{output}");
    }

    /// <summary>The dashboards (file name → JSON) and the rule file rendered with <paramref name="config"/> (jsonnet) merged into _config.</summary>
    public static async Task<(IReadOnlyDictionary<string, string> Dashboards, string Rules)> RenderAsync(string outputDirectory, string config)
    {
        var (exitCode, output) = await CommandLine.RunAsync(
            Jsonnet,
            ["-J", Directory, "-S", "-m", outputDirectory, "--tla-code", $"config={config}", Path.Combine(Directory, "render", "dashboards.jsonnet")]);
        Assert.True(exitCode == 0, $"jsonnet dashboards: exit {exitCode}\n{output}");
        var dashboards = System.IO.Directory.GetFiles(outputDirectory, "*.json").ToDictionary(p => Path.GetFileName(p), File.ReadAllText, StringComparer.Ordinal);

        var (rulesExitCode, rules) = await CommandLine.RunAsync(
            Jsonnet,
            ["-J", Directory, "-S", "--tla-code", $"config={config}", Path.Combine(Directory, "render", "rules.jsonnet")]);
        Assert.True(rulesExitCode == 0, $"jsonnet rules: exit {rulesExitCode}\n{rules}");
        return (dashboards, rules);
    }
}
