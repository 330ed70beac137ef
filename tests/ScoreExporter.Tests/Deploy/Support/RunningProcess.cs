using System.Diagnostics;
using System.Text;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>A long-running child process whose output is kept for failure messages; disposing kills it.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    public RunningProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(limit.Token);
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 256 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }
}
