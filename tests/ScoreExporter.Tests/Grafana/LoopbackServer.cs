using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScoreExporter.Tests.Grafana;

/// <summary>
/// A server process the test owns: started on a free loopback port, waited on until its /-/ready answers, checked
/// to be this process (not a system service on a well-known port), and killed with its children on dispose.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();

    private LoopbackServer(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>What the server printed so far, for failure messages.</summary>
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

    /// <summary>
    /// Starts <paramref name="file"/> with the arguments <paramref name="args"/> builds for a port, retrying on
    /// another port if the chosen one was taken meanwhile; <paramref name="isOurs"/> confirms the identity.
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(string file, Func<int, IEnumerable<string>> args, Func<LoopbackServer, Task<bool>> isOurs, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var server = Launch(file, args(port), new Uri($"http://127.0.0.1:{port}/"));
            try
            {
                await server.WaitReadyAsync(cancellationToken);
                if (!await isOurs(server))
                {
                    throw new InvalidOperationException($"{file} on port {port} is not the instance this test started");
                }

                return server;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var log = server.Output;
                await server.DisposeAsync();
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"{Path.GetFileName(file)} did not start: {e.Message}\n{log}", e);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(limit.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static LoopbackServer Launch(string file, IEnumerable<string> args, Uri baseAddress)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var server = new LoopbackServer(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"exited with code {process.ExitCode}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"not ready after {StartTimeout}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
