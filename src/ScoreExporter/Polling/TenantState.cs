using System.Collections.Concurrent;
using ScoreExporter.Api;
using ScoreExporter.Auth;
using ScoreExporter.Configuration;

namespace ScoreExporter.Polling;

/// <summary>
/// Everything the exporter keeps for one tenant: its credential, its current snapshot and its counters.
/// Written by that tenant's poll only; read by metric callbacks and the landing page at any time.
/// </summary>
public sealed class TenantState
{
    private readonly long[] errors = new long[FailureReasons.All.Count];
    private readonly ConcurrentDictionary<(string Endpoint, string Code), RequestCounter> requests = new();
    private TenantSnapshot snapshot = TenantSnapshot.Empty;
    private readonly KeyValuePair<string, object?> tenantTag;
    private long polls;
    private long completedPolls;

    public TenantState(ResolvedTenant tenant, DefenderCloud cloud, TenantCredential credential, TimeSpan phase)
    {
        Tenant = tenant;
        Credential = credential;
        Phase = phase;
        tenantTag = new KeyValuePair<string, object?>("tenant", tenant.Name);
        Tags = [tenantTag];
        InfoTags = [tenantTag, new("tenant_id", tenant.TenantId), new("cloud", cloud.ToString())];
        ErrorTags = FailureReasons.All.Select(r => new[] { tenantTag, new KeyValuePair<string, object?>("reason", r.Label()) }).ToArray();
    }

    public ResolvedTenant Tenant { get; }

    public string Name => Tenant.Name;

    public TenantCredential Credential { get; }

    /// <summary>Offset of this tenant's polls within the interval, so many tenants never poll at once.</summary>
    public TimeSpan Phase { get; }

    /// <summary>Until when the API asked us (Retry-After) not to call for this tenant.</summary>
    public DateTimeOffset ThrottledUntil { get; set; }

    public TenantSnapshot Snapshot => Volatile.Read(ref snapshot);

    public long Polls => Interlocked.Read(ref polls);

    // Tag arrays are built once: metric callbacks run on every scrape for every tenant.
    internal KeyValuePair<string, object?>[] Tags { get; }

    internal KeyValuePair<string, object?>[] InfoTags { get; }

    internal KeyValuePair<string, object?>[][] ErrorTags { get; }

    public long Errors(FailureReason reason) => Interlocked.Read(ref errors[(int)reason]);

    /// <summary>Polls that have finished and published their outcome.</summary>
    public long CompletedPolls => Interlocked.Read(ref completedPolls);

    public void Publish(TenantSnapshot next)
    {
        Volatile.Write(ref snapshot, next);
        Interlocked.Increment(ref completedPolls);
    }

    public void CountPoll() => Interlocked.Increment(ref polls);

    public void CountError(FailureReason reason) => Interlocked.Increment(ref errors[(int)reason]);

    public void CountRequest(string endpoint, string code) =>
        requests.GetOrAdd((endpoint, code), static (key, tag) => new RequestCounter(tag, key.Endpoint, key.Code), tenantTag).Increment();

    public long Requests(string endpoint, string code) =>
        requests.TryGetValue((endpoint, code), out var counter) ? counter.Count : 0;

    internal ICollection<RequestCounter> RequestCounters => requests.Values;

    /// <summary>One <c>defender_api_requests_total</c> series, with its tags built once.</summary>
    internal sealed class RequestCounter(KeyValuePair<string, object?> tenant, string endpoint, string code)
    {
        private long count;

        public KeyValuePair<string, object?>[] Tags { get; } = [tenant, new("endpoint", endpoint), new("code", code)];

        public long Count => Interlocked.Read(ref count);

        public void Increment() => Interlocked.Increment(ref count);
    }
}
