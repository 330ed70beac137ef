using System.Diagnostics;
using System.Text.RegularExpressions;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Build;

/// <summary>The test command a newcomer is given: the README's, the one CI runs, and what it does without root.</summary>
public sealed partial class TestScriptTests
{
    private const string TestCommand = "./test.sh";

    [Fact]
    public void The_quick_start_is_two_commands_the_demo_and_the_test_command()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md"));
        var quickStart = QuickStartBlock().Match(readme);
        Assert.True(quickStart.Success, "README.md has a Quick start section with a sh block");

        var commands = Commands(quickStart.Groups["block"].Value);

        Assert.Equal(["dotnet run --project src/ScoreExporter -- --demo", TestCommand], commands);
    }

    [Fact]
    public void CI_runs_the_same_test_command()
    {
        var commands = Commands(File.ReadAllText(RepoPaths.Combine(".ci", "run")));

        Assert.Contains($"exec {TestCommand} \"$@\"", commands);
    }

    [Fact]
    public async Task Without_root_and_with_tools_missing_it_stops_at_once_with_one_line_saying_what_it_needs()
    {
        // A copy of the scripts without the repository's .tools: Helm, kubectl and the schema modules are missing.
        using var copy = new TempDirectory();
        File.Copy(RepoPaths.Combine("test.sh"), copy.File("test.sh"));
        CopyDirectory(RepoPaths.Combine(".ci"), copy.File(".ci"));

        var (exitCode, output) = await RunAsUnprivilegedAsync(copy.Path, "bash", "test.sh");

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(
            "test.sh: the tests need helm, kubectl, the chart's schema modules (.tools/node): run it once as root (sudo ./test.sh) to install them.",
            line);
        Assert.False(Directory.Exists(copy.File("TestResults")), "nothing was built or run");
    }

    private static string[] Commands(string script) => script
        .Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#') && l != "set -euo pipefail" && !l.StartsWith("cd ", StringComparison.Ordinal))
        .ToArray();

    /// <summary>Runs as user "nobody" when the tests run as root, as is when not.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsUnprivilegedAsync(string directory, params string[] command)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "setpriv" : command[0])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in asRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", .. command] : command[1..])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(bound.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    [GeneratedRegex(@"^## Quick start\n.*?```sh\n(?<block>.*?)```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex QuickStartBlock();
}
