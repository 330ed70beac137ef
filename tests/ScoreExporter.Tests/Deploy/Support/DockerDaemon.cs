using System.Diagnostics;
using System.Text;

namespace ScoreExporter.Tests.Deploy.Support;

/// <summary>
/// A Docker daemon of the tests' own: host network only (no bridge, no iptables), its own socket and exec root,
/// a data root kept between runs so the image layers (the NuGet restore above all) are cached. One run at a time
/// holds it (a lock file); stopping it removes every container it ran.
/// </summary>
public sealed class DockerDaemon : IAsyncDisposable
{
    public const string Cli = "/usr/bin/docker";
    private const string Dockerd = "/usr/sbin/dockerd";
    private const string DataRoot = "/var/lib/score-exporter-ci-docker";
    private const string SetupHint = "run `bash .ci/setup.d/40-docker.sh` as root (.ci/run does)";

    private readonly Process process;
    private readonly FileStream lockFile;
    private readonly string runDirectory;
    private readonly StringBuilder log;

    private DockerDaemon(Process process, FileStream lockFile, string runDirectory, StringBuilder log)
    {
        this.process = process;
        this.lockFile = lockFile;
        this.runDirectory = runDirectory;
        this.log = log;
    }

    public string Host => $"unix://{runDirectory}/docker.sock";

    public IDictionary<string, string> Environment => new Dictionary<string, string> { ["DOCKER_HOST"] = Host, ["DOCKER_CLI"] = Cli };

    /// <summary>The daemon's own log, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<DockerDaemon> StartAsync()
    {
        foreach (var tool in new[] { Dockerd, Cli, "/bin/busybox" })
        {
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"{tool} is missing: {SetupHint}.");
            }
        }

        if (System.Environment.UserName != "root")
        {
            throw new InvalidOperationException($"the container test starts its own dockerd and must run as root: {SetupHint}.");
        }

        Directory.CreateDirectory(DataRoot);
        var lockFile = await TakeLockAsync(DataRoot + ".lock", TimeSpan.FromMinutes(10));

        // Short: containerd's socket path under it must fit in a Unix socket address.
        var runDirectory = Path.Combine("/tmp", "se-dk-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(runDirectory);
        var start = new ProcessStartInfo(Dockerd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
            "--data-root", DataRoot, "--exec-root", Path.Combine(runDirectory, "exec"),
            "--pidfile", Path.Combine(runDirectory, "dockerd.pid"), "-H", $"unix://{runDirectory}/docker.sock",
            "--log-level", "warn",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var daemon = new DockerDaemon(process, lockFile, runDirectory, log);
        try
        {
            var clock = Stopwatch.StartNew();
            while ((await daemon.DockerAsync(TimeSpan.FromSeconds(10), "version", "--format", "{{.Server.Version}}")).ExitCode != 0)
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    throw new InvalidOperationException($"dockerd did not come up (exited: {process.HasExited}); its log:\n{daemon.Log}");
                }

                await Task.Delay(250);
            }
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }

        return daemon;
    }

    public Task<ToolResult> DockerAsync(TimeSpan timeout, params string[] args) =>
        ToolProcess.RunAsync(Cli, args, environment: Environment, timeout: timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                var containers = await DockerAsync(TimeSpan.FromSeconds(30), "ps", "-aq");
                foreach (var id in containers.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    await DockerAsync(TimeSpan.FromSeconds(30), "rm", "-f", id.Trim());
                }

                // Untagged layers of earlier builds would otherwise pile up in the kept data root.
                await DockerAsync(TimeSpan.FromMinutes(1), "image", "prune", "-f");
                await ToolProcess.RunAsync("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await process.WaitForExitAsync(stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            process.Dispose();

            // dockerd leaves its network namespace bind-mounted under the exec root.
            foreach (var mount in MountsUnder(runDirectory))
            {
                await ToolProcess.RunAsync("/bin/umount", [mount], timeout: TimeSpan.FromSeconds(30));
            }

            try
            {
                Directory.Delete(runDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A mount still busy; /tmp is cleaned by the OS.
            }

            await lockFile.DisposeAsync();
        }
    }

    /// <summary>Mount points at or below a folder, deepest first (from /proc/self/mountinfo).</summary>
    private static List<string> MountsUnder(string folder) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(mountPoint => mountPoint == folder || mountPoint.StartsWith(folder + "/", StringComparison.Ordinal))
            .OrderByDescending(mountPoint => mountPoint.Length)
            .ToList();

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.Length < 64 * 1024)
            {
                log.AppendLine(line);
            }
        }
    }

    private static async Task<FileStream> TakeLockAsync(string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < timeout)
            {
                // Another test run holds the daemon's data root.
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
