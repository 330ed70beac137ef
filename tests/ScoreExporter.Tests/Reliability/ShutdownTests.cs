using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DefenderSimulator;
using ScoreExporter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// The exporter as its own process, stopped with SIGTERM (as Kubernetes does) in the middle of a poll: it exits 0
/// within 5 s, with no unobserved task exception or unhandled exception (reported by <see cref="StartupHook"/>)
/// and no secret in its output.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper log)
{
    private const string Secret = "Shutd0wn~Secret.Value_71ac";
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(5);

    [Fact]
    public Task SIGTERM_during_a_hanging_API_call_exits_cleanly_within_5_seconds() =>
        AssertCleanStopAsync(tenant => tenant.SetApiFault(ApiFault.Hang()), RequestKind.Api);

    [Fact]
    public Task SIGTERM_during_a_hanging_token_request_exits_cleanly_within_5_seconds() =>
        AssertCleanStopAsync(tenant => tenant.SetTokenFault(TokenFault.Hang()), RequestKind.Token);

    [Fact]
    public Task SIGTERM_while_waiting_to_retry_a_503_exits_cleanly_within_5_seconds() =>
        AssertCleanStopAsync(tenant => tenant.SetApiFault(ApiFault.Status(503)), RequestKind.Api);

    [Fact]
    public async Task The_startup_hook_reports_an_unobserved_task_exception_when_there_is_one()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Secret);
        using var temp = new TempDirectory();
        await using var exporter = Launch(simulator, tenant, temp, selfTest: true);
        await Eventually.TrueAsync(exporter.IsReadyAsync, "the exporter to be ready");

        var (exitCode, _, output) = await TerminateAsync(exporter);

        Assert.Equal(0, exitCode);
        Assert.Contains(StartupHook.UnobservedMarker, output, StringComparison.Ordinal);
    }

    private async Task AssertCleanStopAsync(Action<SimulatedTenant> fault, RequestKind hangsAt)
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Secret);
        fault(tenant);
        using var temp = new TempDirectory();
        await using var exporter = Launch(simulator, tenant, temp, selfTest: false);

        // Mid-poll: the first poll's request has reached the simulator and is being held (or refused and retried).
        await Eventually.TrueAsync(() => simulator.Log.Snapshot().Any(r => r.Kind == hangsAt), "the first poll to reach the fault");
        await Eventually.TrueAsync(IsAliveAsync(exporter), "the exporter to listen");
        Assert.False(exporter.Process.HasExited);

        var (exitCode, took, output) = await TerminateAsync(exporter);
        log.WriteLine($"exit code {exitCode} {took.TotalSeconds:0.00} s after SIGTERM");

        Assert.True(took < Allowed, $"took {took.TotalSeconds:0.0} s to exit: {output}");
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(StartupHook.UnobservedMarker, output, StringComparison.Ordinal);
        Assert.DoesNotContain(StartupHook.UnhandledMarker, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, output, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.ClientId, output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Application is shutting down", output, StringComparison.Ordinal);
    }

    private static Func<Task<bool>> IsAliveAsync(RunningExporter exporter) => async () =>
    {
        try
        {
            using var response = await exporter.Http.GetAsync("/healthz");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    };

    /// <summary>Sends SIGTERM and waits (bounded) for the exit; returns the exit code, how long it took, and the output.</summary>
    private static async Task<(int ExitCode, TimeSpan Took, string Output)> TerminateAsync(RunningExporter exporter)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", exporter.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await exporter.Process.WaitForExitAsync(limit.Token);
        var took = clock.Elapsed;
        return (exporter.Process.ExitCode, took, await exporter.OutputAsync());
    }

    private static RunningExporter Launch(SimulatorServer simulator, SimulatedTenant tenant, TempDirectory temp, bool selfTest)
    {
        var certificate = temp.File("ca.pem");
        File.WriteAllText(certificate, simulator.TlsCertificate.ExportCertificatePem());
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ExporterProcess.DllPath, "--urls", url.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test says: the machine's own Azure or Defender settings stay out.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("Defender__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[StartupHook.SelfTestVariable] = selfTest ? "1" : "0";
        start.Environment["SSL_CERT_FILE"] = certificate;
        start.Environment["Defender__ApiBaseUrl"] = simulator.ApiBaseUrl.ToString();
        start.Environment["Defender__AuthorityHost"] = simulator.AuthorityHost.ToString();
        start.Environment["Defender__PollInterval"] = "00:01:00";
        start.Environment["Defender__Tenants__0__Name"] = "contoso";
        start.Environment["Defender__Tenants__0__TenantId"] = tenant.TenantId;
        start.Environment["Defender__Tenants__0__ClientId"] = tenant.ClientId;
        start.Environment["Defender__Tenants__0__ClientSecret"] = Secret;
        return new RunningExporter(Process.Start(start)!, url);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
