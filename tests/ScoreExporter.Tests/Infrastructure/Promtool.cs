using System.Diagnostics;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>Runs Prometheus's promtool (Debian package `prometheus`), feeding it text on stdin.</summary>
public static class Promtool
{
    public static string Path => File.Exists("/usr/bin/promtool") ? "/usr/bin/promtool"
        : throw new InvalidOperationException("promtool is missing: run `apt-get install --no-install-recommends prometheus` (done by .ci/run).");

    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
