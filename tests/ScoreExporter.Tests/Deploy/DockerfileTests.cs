using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Deploy;

/// <summary>The Dockerfile passes a real linter and has the shape the image's users rely on, checked without building it.</summary>
public sealed partial class DockerfileTests
{
    private static readonly string DockerfilePath = RepoPaths.Combine("Dockerfile");

    [Fact]
    public async Task Linter_finds_nothing()
    {
        var result = await ToolProcess.RunAsync(DeployTools.Node, [DeployTools.DockerfileLinter, "lint", "--json", DockerfilePath]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Empty(JsonNode.Parse(result.Stdout)!.AsArray());
    }

    [Fact]
    public async Task Linter_reports_an_instruction_without_arguments()
    {
        using var temp = new TempDirectory();
        var broken = temp.File("Dockerfile");
        await File.WriteAllTextAsync(broken, File.ReadAllText(DockerfilePath).Replace("USER 1654:1654", "USER", StringComparison.Ordinal));

        var result = await ToolProcess.RunAsync(DeployTools.Node, [DeployTools.DockerfileLinter, "lint", "--json", broken]);

        Assert.Contains(JsonNode.Parse(result.Stdout)!.AsArray(), d => ((string?)d!["message"])!.Contains("no arguments", StringComparison.Ordinal));
    }

    [Fact]
    public void Base_images_are_build_arguments_defaulting_to_the_official_images()
    {
        var lines = Instructions();

        Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0", lines);
        Assert.Contains(lines, l => ChiseledRuntime().IsMatch(l));
        Assert.Contains("FROM ${SDK_IMAGE} AS build", lines);
        Assert.Contains("FROM ${RUNTIME_IMAGE} AS runtime", lines);
    }

    [Fact]
    public void Restore_is_its_own_layer_before_the_sources_are_copied()
    {
        var lines = Instructions();
        var restore = lines.FindIndex(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var sources = lines.IndexOf("COPY src/ src/");
        var publish = lines.FindIndex(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));

        Assert.True(restore > 0 && sources > restore && publish > sources, string.Join('\n', lines));
        Assert.All(lines.Take(restore).Where(l => l.StartsWith("COPY", StringComparison.Ordinal)), l => Assert.DoesNotContain(".cs ", l + " ", StringComparison.Ordinal));
        Assert.Contains("--no-restore", lines[publish], StringComparison.Ordinal);
        Assert.Contains("-p:Version=\"${VERSION}\" -p:SourceRevisionId=\"${REVISION}\"", lines[publish], StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_ships_the_Native_AOT_executable_alone()
    {
        var lines = Instructions();
        var publish = lines.Single(l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        var restore = lines.Single(l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM ${RUNTIME_IMAGE}", StringComparison.Ordinal)).ToList();

        Assert.Contains("-p:PublishAot=true", publish, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", restore, StringComparison.Ordinal);
        Assert.Contains("COPY --from=build /app/ScoreExporter /app/appsettings.json ./", runtime);
        Assert.DoesNotContain(runtime, l => l.Contains(".dll", StringComparison.Ordinal) || l.Contains(".dbg", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_stage_is_non_root_read_only_ready_and_exposes_the_metrics_port()
    {
        var runtime = Instructions().SkipWhile(l => !l.StartsWith("FROM ${RUNTIME_IMAGE}", StringComparison.Ordinal)).ToList();

        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.Matches(@"^USER [1-9][0-9]*:[1-9][0-9]*$", user);
        Assert.Contains("EXPOSE 9464", runtime);
        Assert.Contains(runtime, l => l.StartsWith("ENV ", StringComparison.Ordinal) && l.Contains("DOTNET_EnableDiagnostics=0", StringComparison.Ordinal));
        Assert.Contains(runtime, l => l.StartsWith("ENV ", StringComparison.Ordinal) && l.Contains("ASPNETCORE_HTTP_PORTS=9464", StringComparison.Ordinal));
        Assert.Contains("ENTRYPOINT [\"/app/ScoreExporter\"]", runtime);
        Assert.DoesNotContain(runtime, l => l.StartsWith("RUN ", StringComparison.Ordinal));
        foreach (var label in new[] { "title", "description", "version", "revision", "base.name" })
        {
            Assert.Contains(runtime, l => l.StartsWith("LABEL", StringComparison.Ordinal) && l.Contains($"org.opencontainers.image.{label}=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Dockerignore_keeps_build_output_tests_and_tools_out()
    {
        var ignored = File.ReadAllLines(RepoPaths.Combine(".dockerignore")).Select(l => l.Trim()).ToHashSet();

        foreach (var entry in new[] { "**/bin/", "**/obj/", "tests/", ".tools/", ".git/" })
        {
            Assert.Contains(entry, ignored);
        }
    }

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<string> Instructions()
    {
        var joined = Regex.Replace(File.ReadAllText(DockerfilePath), @"\\\r?\n\s*", string.Empty);
        return joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    [GeneratedRegex(@"^ARG RUNTIME_IMAGE=mcr\.microsoft\.com/dotnet/runtime-deps:10\.0-[a-z]+-chiseled$")]
    private static partial Regex ChiseledRuntime();
}
