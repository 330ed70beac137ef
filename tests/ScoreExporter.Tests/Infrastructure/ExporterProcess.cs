using System.Diagnostics;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>Runs the built exporter as its own process, as a user would.</summary>
public static class ExporterProcess
{
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "ScoreExporter.dll");

    /// <summary>Runs the exporter to its end and collects its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(args, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"exporter did not exit; stdout: {await stdout}; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the exporter on a free loopback port and waits until /readyz answers 200 (by default within 20 s).</summary>
    public static async Task<RunningExporter> StartAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, TimeSpan? readyWithin = null)
    {
        var port = FreePort();
        var running = new RunningExporter(
            Process.Start(StartInfo([.. args, "--urls", $"http://127.0.0.1:{port}"], environment))!,
            new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await Eventually.TrueAsync(running.IsReadyAsync, "the exporter process to report ready", readyWithin);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessStartInfo StartInfo(IEnumerable<string> args, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The machine's own Azure or Defender settings must not leak into what the test checks.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("Defender__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }
}

/// <summary>An exporter process serving on loopback; killed and its output kept when disposed.</summary>
public sealed class RunningExporter(Process process, Uri baseAddress) : IAsyncDisposable
{
    private readonly Task<string> stdout = process.StandardOutput.ReadToEndAsync();
    private readonly Task<string> stderr = process.StandardError.ReadToEndAsync();

    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public Process Process => process;

    /// <summary>Everything the process wrote, once it has exited.</summary>
    public async Task<string> OutputAsync() => await stdout + await stderr;

    public async Task<bool> IsReadyAsync()
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"exporter exited with {process.ExitCode}: {await OutputAsync()}");
        }

        try
        {
            using var response = await Http.GetAsync("/readyz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public async Task<MetricsText> ScrapeAsync() => MetricsText.Parse(await Http.GetStringAsync("/metrics"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(limit.Token);
        process.Dispose();
    }
}
