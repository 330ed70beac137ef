using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DefenderSimulator;

/// <summary>
/// Every request received, in order, for tests and benchmarks that assert call budgets. Thread-safe.
/// Counts are exact and O(1); the record list keeps the most recent <see cref="Capacity"/> entries so a long
/// benchmark over thousands of tenants does not grow without bound.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> records = new();
    private readonly ConcurrentDictionary<(string TenantId, RequestKind Kind), StrongBox<int>> counts = new(CountKeyComparer<RequestKind>.Instance);
    private readonly ConcurrentDictionary<(string TenantId, DefenderEndpoint Endpoint), StrongBox<int>> endpointCounts = new(CountKeyComparer<DefenderEndpoint>.Instance);
    private readonly ConcurrentDictionary<(string TenantId, ApiSurface Surface), StrongBox<int>> surfaceCounts = new(CountKeyComparer<ApiSurface>.Instance);
    private readonly ConcurrentDictionary<(string TenantId, string Audience), StrongBox<int>> tokenCounts = new(AudienceKeyComparer.Instance);
    private int kept;

    internal RequestLog(int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        TimeProvider = timeProvider;
    }

    /// <summary>How many records <see cref="Snapshot"/> keeps at most; older ones are dropped, counts are not.</summary>
    public int Capacity { get; }

    /// <summary>The simulator clock the records are stamped with.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The kept records, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Snapshot() => records.ToArray();

    public void Clear()
    {
        records.Clear();
        Interlocked.Exchange(ref kept, 0);
        counts.Clear();
        endpointCounts.Clear();
        surfaceCounts.Clear();
        tokenCounts.Clear();
    }

    /// <summary>Requests of this kind for this tenant since the start or the last <see cref="Clear"/>.</summary>
    public int Count(string tenantId, RequestKind kind) =>
        counts.TryGetValue((tenantId, kind), out var count) ? Volatile.Read(ref count.Value) : 0;

    /// <summary>Requests to this endpoint for this tenant (every page, every status) since the start or the last <see cref="Clear"/>.</summary>
    public int Count(string tenantId, DefenderEndpoint endpoint) =>
        endpointCounts.TryGetValue((tenantId, endpoint), out var count) ? Volatile.Read(ref count.Value) : 0;

    /// <summary>API requests to this surface for this tenant (every page, every status) since the start or the last <see cref="Clear"/>.</summary>
    public int Count(string tenantId, ApiSurface surface) =>
        surfaceCounts.TryGetValue((tenantId, surface), out var count) ? Volatile.Read(ref count.Value) : 0;

    /// <summary>Token requests of this tenant for this audience (<c>https://graph.microsoft.com</c>), issued or refused, since the start or the last <see cref="Clear"/>.</summary>
    public int CountTokenRequests(string tenantId, string audience) =>
        tokenCounts.TryGetValue((tenantId, audience), out var count) ? Volatile.Read(ref count.Value) : 0;

    /// <summary>The kept records of this tenant (any tenant when null) and endpoint (any API or token request when null), oldest first.</summary>
    public IReadOnlyList<RequestRecord> Requests(string? tenantId = null, DefenderEndpoint? endpoint = null) =>
        records.Where(r => (tenantId is null || string.Equals(r.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            && (endpoint is null || r.Endpoint == endpoint)).ToArray();

    /// <summary>API requests of this tenant (to one endpoint, or all) in [<paramref name="from"/>, <paramref name="to"/>) on the simulator clock, from the kept records.</summary>
    public int CountApiCalls(string tenantId, DateTimeOffset from, DateTimeOffset to, DefenderEndpoint? endpoint = null) =>
        ApiCalls(tenantId, endpoint).Count(at => at >= from && at < to);

    /// <summary>
    /// The most API requests of this tenant (to one endpoint, or all, pages included) that fall in any window of
    /// this length, from the kept records: what a rate limit such as 100 calls a minute or 1,500 an hour sees.
    /// </summary>
    public int MaxApiCallsInAnyWindow(string tenantId, TimeSpan window, DefenderEndpoint? endpoint = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var times = ApiCalls(tenantId, endpoint).Order().ToArray();
        var (most, start) = (0, 0);
        for (var end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= window)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }

    /// <summary>Logs a request with what the HTTP context tells: query, Authorization header, scheme and local port.</summary>
    internal void Add(HttpContext context, string? tenantId, RequestKind kind, int status, string path, DefenderEndpoint? endpoint = null, ApiSurface? surface = null, string? audience = null) =>
        Add(new RequestRecord(TimeProvider.GetUtcNow(), tenantId, kind, status, path)
        {
            Endpoint = endpoint,
            Surface = surface ?? endpoint?.Surface(),
            Audience = audience,
            Query = context.Request.QueryString.Value ?? string.Empty,
            Authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            Scheme = context.Request.Scheme,
            Port = context.Connection.LocalPort,
        });

    internal void Add(RequestRecord record)
    {
        if (record.TenantId is not null)
        {
            Interlocked.Increment(ref counts.GetOrAdd((record.TenantId, record.Kind), static _ => new StrongBox<int>()).Value);
            if (record.Endpoint is { } endpoint)
            {
                Interlocked.Increment(ref endpointCounts.GetOrAdd((record.TenantId, endpoint), static _ => new StrongBox<int>()).Value);
                Interlocked.Increment(ref surfaceCounts.GetOrAdd((record.TenantId, endpoint.Surface()), static _ => new StrongBox<int>()).Value);
            }

            if (record.Kind == RequestKind.Token && record.Audience is { } audience)
            {
                Interlocked.Increment(ref tokenCounts.GetOrAdd((record.TenantId, audience), static _ => new StrongBox<int>()).Value);
            }
        }

        records.Enqueue(record);
        if (Interlocked.Increment(ref kept) > Capacity && records.TryDequeue(out _))
        {
            Interlocked.Decrement(ref kept);
        }
    }

    private IEnumerable<DateTimeOffset> ApiCalls(string tenantId, DefenderEndpoint? endpoint) =>
        Requests(tenantId, endpoint).Where(r => r.Kind == RequestKind.Api).Select(r => r.At);

    /// <summary>Tenant ids compare as the simulator looks tenants up: ignoring case.</summary>
    private sealed class CountKeyComparer<TKey> : IEqualityComparer<(string TenantId, TKey Key)>
        where TKey : struct, Enum
    {
        public static readonly CountKeyComparer<TKey> Instance = new();

        public bool Equals((string TenantId, TKey Key) x, (string TenantId, TKey Key) y) =>
            EqualityComparer<TKey>.Default.Equals(x.Key, y.Key) && string.Equals(x.TenantId, y.TenantId, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string TenantId, TKey Key) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.TenantId), key.Key);
    }

    /// <summary>Tenant ids ignore case, audiences do not.</summary>
    private sealed class AudienceKeyComparer : IEqualityComparer<(string TenantId, string Audience)>
    {
        public static readonly AudienceKeyComparer Instance = new();

        public bool Equals((string TenantId, string Audience) x, (string TenantId, string Audience) y) =>
            string.Equals(x.Audience, y.Audience, StringComparison.Ordinal) && string.Equals(x.TenantId, y.TenantId, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string TenantId, string Audience) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.TenantId), StringComparer.Ordinal.GetHashCode(key.Audience));
    }
}
