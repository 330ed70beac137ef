using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>
/// A tenant's call windows, shared by all its collectors, pages and retries: one per API surface (its documented
/// limits as a whole) and one per endpoint that documents lower limits of its own. A call takes a place in every
/// window it belongs to, or in none.
/// </summary>
public sealed class TenantCallWindows
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Dictionary<ApiSurface, CallWindow> surfaces;
    private readonly Dictionary<string, CallWindow> endpoints;

    /// <param name="time">The host's clock.</param>
    /// <param name="endpointLimits">Endpoints (collector names) whose own limits are lower than their API's.</param>
    public TenantCallWindows(TimeProvider time, IReadOnlyDictionary<string, CallLimits>? endpointLimits = null)
    {
        this.time = time;
        surfaces = Enum.GetValues<ApiSurface>().ToDictionary(s => s, s => new CallWindow(CallLimits.Of(s), $"the {s} API"));
        endpoints = (endpointLimits ?? new Dictionary<string, CallLimits>()).ToDictionary(
            e => e.Key, e => new CallWindow(e.Value, $"the {e.Key} endpoint"), StringComparer.Ordinal);
    }

    /// <summary>Records a call now if it fits every window it belongs to; otherwise says which limit it would pass.</summary>
    public bool TryAcquire(ApiSurface surface, string endpoint, out string? refusal)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (UntilRoom(surface, endpoint, now, out refusal) > TimeSpan.Zero)
            {
                return false;
            }

            surfaces[surface].Record(now);
            endpoints.GetValueOrDefault(endpoint)?.Record(now);
            return true;
        }
    }

    /// <summary>How long until a call of <paramref name="endpoint"/> would fit (zero: now). Pages wait this long.</summary>
    public TimeSpan UntilRoom(ApiSurface surface, string endpoint)
    {
        lock (gate)
        {
            return UntilRoom(surface, endpoint, time.GetUtcNow(), out _);
        }
    }

    private TimeSpan UntilRoom(ApiSurface surface, string endpoint, DateTimeOffset now, out string? refusal)
    {
        var wait = surfaces[surface].UntilRoom(now, out refusal);
        if (wait == TimeSpan.Zero && endpoints.GetValueOrDefault(endpoint) is { } own)
        {
            wait = own.UntilRoom(now, out refusal);
        }

        return wait;
    }
}
