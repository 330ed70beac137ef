using System.Diagnostics;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>The outcome of one tool run.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => Stdout + Stderr;
}

/// <summary>Runs an external tool with a time bound, feeding stdin and collecting its output; kills it on timeout.</summary>
public static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(
        string fileName,
        IEnumerable<string> args,
        string? stdin = null,
        string? workingDirectory = null,
        IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)} did not finish within {limit}; "
                + $"output so far: {await stdout}{await stderr}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
