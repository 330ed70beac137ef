namespace DefenderSimulator;

/// <summary>
/// A tenant's incidents on Graph (<c>/v1.0/security/incidents</c>): how many are open (any status but resolved) and
/// resolved, newest first. Incident <c>i</c> is generated from (<see cref="Seed"/>, i) on every request: nothing is
/// stored, so 60,000 open incidents cost no memory and every page agrees.
/// </summary>
public sealed class IncidentSettings
{
    private int open;
    private int resolved;
    private int pageSize = 50;

    internal IncidentSettings(string tenantId) => Seed = (int)StableHash.Of("incidents:" + tenantId);

    /// <summary>Incidents in any status but resolved (default 0).</summary>
    public int OpenCount
    {
        get => Volatile.Read(ref open);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref open, value);
        }
    }

    /// <summary>Resolved incidents, spread among the open ones (default 0).</summary>
    public int ResolvedCount
    {
        get => Volatile.Read(ref resolved);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref resolved, value);
        }
    }

    /// <summary>Incidents per page (default 50): a larger <c>$top</c> is served this many at a time, with a nextLink.</summary>
    public int PageSize
    {
        get => Volatile.Read(ref pageSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref pageSize, value);
        }
    }

    /// <summary>Picks each incident's values; defaults to a hash of the tenant id.</summary>
    public int Seed { get; set; }

    internal int Total => OpenCount + ResolvedCount;

    /// <summary>Open incidents are spread evenly among resolved ones: exactly <see cref="OpenCount"/> of the first <see cref="Total"/> are open.</summary>
    internal bool IsOpen(int index)
    {
        var (openCount, total) = ((long)OpenCount, (long)Total);
        return total > 0 && ((index + 1) * openCount / total) > (index * openCount / total);
    }
}
