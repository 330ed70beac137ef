using System.Diagnostics;
using ScoreExporter.Metrics;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Build;

/// <summary>defender_exporter_build_info's revision is the commit the exporter was built from.</summary>
public sealed class BuildRevisionTests
{
    [Fact]
    public async Task A_build_from_a_clone_carries_the_checked_out_commit()
    {
        // A worktree's .git is a file, a clone's a folder. Sources without it (an archive) build with no revision.
        var expected = Path.Exists(RepoPaths.Combine(".git")) ? await GitAsync("rev-parse", "HEAD") : "unknown";

        Assert.Equal(expected, BuildInfo.Current.Revision);
    }

    [Fact]
    public async Task A_revision_given_to_the_build_wins_over_the_checkout()
    {
        // What the Dockerfile does with its REVISION build argument.
        var informational = await RunAsync("dotnet", "msbuild", RepoPaths.Combine("src", "ScoreExporter", "ScoreExporter.csproj"),
            "-nologo", "-t:AddSourceRevisionToInformationalVersion", "-getProperty:InformationalVersion", "-p:SourceRevisionId=feedbeef");

        Assert.Equal("feedbeef", BuildInfo.FromInformationalVersion(informational).Revision);
    }

    private static Task<string> GitAsync(params string[] args) => RunAsync("git", args);

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {output}");
        return output.Trim();
    }
}
