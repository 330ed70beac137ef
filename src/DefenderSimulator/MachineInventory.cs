namespace DefenderSimulator;

/// <summary>
/// The machines a tenant's <c>GET /api/machines</c> serves. Nothing is stored: machine <c>i</c> is generated from
/// (<see cref="Seed"/>, i) whenever a page asks for it, so 50,000 machines cost no memory and every page of every
/// run agrees. Machines are spread over the tenant's device groups at the time of the request.
/// </summary>
public sealed class MachineInventory
{
    private int count;
    private int ungroupedPercent = 10;
    private int pageSize = DefenderPageRequest.MaxTop;

    internal MachineInventory(string tenantId) => Seed = (int)StableHash.Of(tenantId);

    /// <summary>How many machines the tenant has (0 by default). Zero answers as <see cref="WhenEmpty"/> says.</summary>
    public int Count
    {
        get => Volatile.Read(ref count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>What a tenant with no machines answers: 404 (the documented behaviour, default) or an empty page.</summary>
    public NoMachinesAnswer WhenEmpty { get; set; } = NoMachinesAnswer.NotFound;

    /// <summary>
    /// The most machines one page holds, whatever <c>$top</c> asks for, and the page size without <c>$top</c> (default
    /// and at most 10,000, as the real API): a small page makes paging cheap to exercise.
    /// </summary>
    public int PageSize
    {
        get => Volatile.Read(ref pageSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, DefenderPageRequest.MaxTop);
            Volatile.Write(ref pageSize, value);
        }
    }

    /// <summary>Picks which machines are generated; defaults to a hash of the tenant id.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// The share of machines in no device group (0-100, default 10), served with <c>rbacGroupId</c>/<c>rbacGroupName</c>
    /// null or left out (alternately). With no device groups every machine is ungrouped.
    /// </summary>
    public int UngroupedPercent
    {
        get => Volatile.Read(ref ungroupedPercent);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            Volatile.Write(ref ungroupedPercent, value);
        }
    }
}
