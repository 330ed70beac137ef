using System.Collections.Concurrent;

namespace DefenderSimulator;

public enum RequestKind
{
    Api,
    Token,
}

/// <summary>One request the simulator received. StatusCode 0: the connection was dropped or never answered.</summary>
public sealed record RequestRecord(DateTimeOffset At, string? TenantId, RequestKind Kind, int StatusCode, string Path);

/// <summary>Every request received, in order, for tests and benchmarks that assert call budgets.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<RequestRecord> records = new();

    public IReadOnlyList<RequestRecord> Snapshot() => records.ToArray();

    public void Clear() => records.Clear();

    public int Count(string tenantId, RequestKind kind) => records.Count(r => r.Kind == kind && r.TenantId == tenantId);

    internal void Add(RequestRecord record) => records.Enqueue(record);
}
