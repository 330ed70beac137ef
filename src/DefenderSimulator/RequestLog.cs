using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DefenderSimulator;

public enum RequestKind
{
    Api,
    Token,
}

/// <summary>One request the simulator received. StatusCode 0: the connection was dropped or never answered.</summary>
public sealed record RequestRecord(DateTimeOffset At, string? TenantId, RequestKind Kind, int StatusCode, string Path);

/// <summary>
/// Every request received, in order, for tests and benchmarks that assert call budgets. Thread-safe.
/// Counts are exact and O(1); the record list keeps the most recent <see cref="Capacity"/> entries so a long
/// benchmark over thousands of tenants does not grow without bound.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> records = new();
    private readonly ConcurrentDictionary<(string TenantId, RequestKind Kind), StrongBox<int>> counts = new(CountKeyComparer.Instance);
    private int kept;

    internal RequestLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many records <see cref="Snapshot"/> keeps at most; older ones are dropped, counts are not.</summary>
    public int Capacity { get; }

    /// <summary>The kept records, oldest first.</summary>
    public IReadOnlyList<RequestRecord> Snapshot() => records.ToArray();

    public void Clear()
    {
        records.Clear();
        Interlocked.Exchange(ref kept, 0);
        counts.Clear();
    }

    /// <summary>Requests of this kind for this tenant since the start or the last <see cref="Clear"/>.</summary>
    public int Count(string tenantId, RequestKind kind) =>
        counts.TryGetValue((tenantId, kind), out var count) ? Volatile.Read(ref count.Value) : 0;

    internal void Add(RequestRecord record)
    {
        if (record.TenantId is not null)
        {
            Interlocked.Increment(ref counts.GetOrAdd((record.TenantId, record.Kind), static _ => new StrongBox<int>()).Value);
        }

        records.Enqueue(record);
        if (Interlocked.Increment(ref kept) > Capacity && records.TryDequeue(out _))
        {
            Interlocked.Decrement(ref kept);
        }
    }

    /// <summary>Tenant ids compare as the simulator looks tenants up: ignoring case.</summary>
    private sealed class CountKeyComparer : IEqualityComparer<(string TenantId, RequestKind Kind)>
    {
        public static readonly CountKeyComparer Instance = new();

        public bool Equals((string TenantId, RequestKind Kind) x, (string TenantId, RequestKind Kind) y) =>
            x.Kind == y.Kind && string.Equals(x.TenantId, y.TenantId, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string TenantId, RequestKind Kind) key) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(key.TenantId), key.Kind);
    }
}
