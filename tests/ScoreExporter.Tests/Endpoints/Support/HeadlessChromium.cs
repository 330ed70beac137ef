using System.Text.Json;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Endpoints.Support;

/// <summary>
/// Opens a page in Debian's Chromium, headless, through playwright-core (tools/landing-page.mjs), and returns what it
/// saw. The browser comes from .ci/setup.d/50-chromium.sh, playwright-core from .ci/setup.d/30-helm.sh (.tools/node).
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<LandingPageView> OpenLandingPageAsync(Uri url, string screenshot)
    {
        Require(Executable, "Chromium", ".ci/setup.d/50-chromium.sh");
        var nodeTools = RepoPaths.Combine(".tools", "node");
        Require(Path.Combine(nodeTools, "node_modules", "playwright-core", "package.json"), "playwright-core", ".ci/setup.d/30-helm.sh");
        var script = RepoPaths.Combine("tests", "ScoreExporter.Tests", "Endpoints", "tools", "landing-page.mjs");

        var result = await ToolProcess.RunAsync(
            NodeOnPath(),
            [script, url.ToString(), screenshot],
            environment: new Dictionary<string, string>
            {
                ["SCORE_EXPORTER_NODE_TOOLS"] = nodeTools,
                ["SCORE_EXPORTER_CHROMIUM"] = Executable,
            },
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"landing-page.mjs failed ({result.ExitCode}): {result.Output}");
        return JsonSerializer.Deserialize<LandingPageView>(result.Stdout, Json)
            ?? throw new InvalidOperationException($"landing-page.mjs printed no view: {result.Output}");
    }

    private static string NodeOnPath()
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return folders.Select(folder => Path.Combine(folder, "node")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Node.js is not on PATH: run `bash .ci/setup.d/25-node.sh` as root (sudo ./test.sh does).");
    }

    private static void Require(string path, string what, string setup)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{what} is missing at {path}: run `bash {setup}` as root (sudo ./test.sh does).");
        }
    }
}
