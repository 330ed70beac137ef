using System.Collections.Concurrent;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>The chart under helm/score-exporter, driven through the real Helm binary.</summary>
public static class HelmChart
{
    public const string ReleaseName = "rel";
    public const string Namespace = "monitoring-test";

    /// <summary>The Kubernetes version the chart is checked against.</summary>
    public const string KubeVersion = "1.33.9";

    public static string Path => RepoPaths.Combine("helm", "score-exporter");

    /// <summary>Names of the chart's ci/*-values.yaml files, as xunit theory data.</summary>
    public static TheoryData<string> CiValuesFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(Path, "ci"), "*-values.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetFileName(file));
        }

        return data;
    }

    public static string CiValues(string name) => System.IO.Path.Combine(Path, "ci", name);

    public static Task<ToolResult> LintAsync(params string[] args) =>
        ToolProcess.RunAsync(DeployTools.Helm, ["lint", "--strict", Path, "--kube-version", KubeVersion, .. args]);

    public static Task<ToolResult> TemplateAsync(params string[] args) =>
        ToolProcess.RunAsync(DeployTools.Helm, ["template", ReleaseName, Path, "--namespace", Namespace, "--kube-version", KubeVersion, .. args]);

    /// <summary>The install notes (NOTES.txt) for a ci values file and extra Helm arguments, from a client-side dry run.</summary>
    public static async Task<string> NotesAsync(string ciValuesFile, params string[] args)
    {
        var result = await ToolProcess.RunAsync(DeployTools.Helm,
            ["install", ReleaseName, Path, "--dry-run=client", "--namespace", Namespace, "--values", CiValues(ciValuesFile), .. args]);
        Assert.True(result.ExitCode == 0, $"helm install --dry-run failed ({result.ExitCode}): {result.Output}");
        var notes = result.Stdout.IndexOf("\nNOTES:\n", StringComparison.Ordinal);
        Assert.True(notes >= 0, "helm printed no NOTES");
        return result.Stdout[notes..];
    }

    // Rendering and validating take a second; many tests look at the same rendering.
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedChart>>> Renderings = new(StringComparer.Ordinal);

    /// <summary>Renders the chart (with a ci values file name and/or extra Helm arguments) and parses the manifests.</summary>
    public static Task<RenderedChart> RenderAsync(string? ciValuesFile, params string[] args) =>
        Renderings.GetOrAdd(ciValuesFile + "\0" + string.Join('\0', args), _ => new Lazy<Task<RenderedChart>>(() => RenderUncachedAsync(ciValuesFile, args))).Value;

    private static async Task<RenderedChart> RenderUncachedAsync(string? ciValuesFile, string[] args)
    {
        string[] values = ciValuesFile is null ? [] : ["--values", CiValues(ciValuesFile)];
        var result = await TemplateAsync([.. values, .. args]);
        Assert.True(result.ExitCode == 0, $"helm template failed ({result.ExitCode}): {result.Output}");
        return await ManifestValidator.ValidateAsync(result.Stdout);
    }
}
