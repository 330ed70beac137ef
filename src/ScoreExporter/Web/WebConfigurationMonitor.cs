using System.Globalization;

namespace ScoreExporter.Web;

/// <summary>
/// The web configuration in force, read again when the file or a file it names changes on disk: checked at every
/// new TLS connection (so a renewed certificate is served from the next one) and, for requests, at most once a
/// second. A reading that fails keeps the last good one and is logged once.
/// </summary>
public sealed class WebConfigurationMonitor
{
    private static readonly TimeSpan RequestCheckInterval = TimeSpan.FromSeconds(1);

    private readonly string? path;
    private readonly ILogger<WebConfigurationMonitor> logger;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private volatile WebState current;
    private string stamp;
    private string? failedStamp;
    private long lastCheck;

    public WebConfigurationMonitor(string? path, WebState initial, ILogger<WebConfigurationMonitor> logger, TimeProvider time)
    {
        this.path = path;
        this.logger = logger;
        this.time = time;
        current = initial;
        stamp = path is null ? string.Empty : Stamp(initial);
        lastCheck = time.GetTimestamp();
    }

    /// <summary>The state for a request: checked against the disk when the last check is a second old.</summary>
    public WebState ForRequest()
    {
        if (path is not null && time.GetElapsedTime(Interlocked.Read(ref lastCheck)) >= RequestCheckInterval)
        {
            Refresh();
        }

        return current;
    }

    /// <summary>The state for a new connection's handshake: always checked against the disk.</summary>
    public WebState ForConnection()
    {
        if (path is not null)
        {
            Refresh();
        }

        return current;
    }

    private void Refresh()
    {
        Interlocked.Exchange(ref lastCheck, time.GetTimestamp());
        var seen = Stamp(current);
        if (seen == stamp || seen == failedStamp)
        {
            return;
        }

        lock (gate)
        {
            seen = Stamp(current);
            if (seen == stamp || seen == failedStamp)
            {
                return;
            }

            try
            {
                var next = WebState.Load(path!);
                if ((next.Tls is null) != (current.Tls is null))
                {
                    throw new WebConfigurationException(
                        $"{WebConfigurationReader.ConfigurationKey} '{path}': turning TLS {(next.Tls is null ? "off" : "on")} needs a restart: restart the exporter, or put tls_server_config back as it was.");
                }

                current = next;
                stamp = Stamp(next);
                failedStamp = null;
                WebLog.Loaded(logger, path!, next.Tls is null ? "off" : "on", next.Configuration.Tls?.ClientAuth.ToString() ?? "off", next.Configuration.Users.Count);
            }
            catch (WebConfigurationException e)
            {
                failedStamp = seen;
                WebLog.ReloadFailed(logger, e.Message);
            }
        }
    }

    /// <summary>Size and modification time of the file and of every file it names; a swapped Kubernetes secret changes it.</summary>
    private string Stamp(WebState state)
    {
        var files = state.Configuration.Tls?.Files ?? [];
        return string.Join('|', files.Prepend(path!).Select(StampOf));
    }

    // Through symbolic links: a Kubernetes secret volume swaps the link behind the path, not the path itself.
    private static string StampOf(string file)
    {
        try
        {
            var target = File.ResolveLinkTarget(file, returnFinalTarget: true)?.FullName ?? file;
            var info = new FileInfo(target);
            return info.Exists ? string.Create(CultureInfo.InvariantCulture, $"{target}:{info.LastWriteTimeUtc.Ticks}:{info.Length}") : "missing";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "missing";
        }
    }
}
