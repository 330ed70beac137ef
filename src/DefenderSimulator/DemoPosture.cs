namespace DefenderSimulator;

/// <summary>
/// A believable posture for a demo tenant: three to five device groups with their own exposure scores, and
/// 1,200-3,000 machines spread over them, some ungrouped. The same variant always gives the same tenant.
/// </summary>
public static class DemoPosture
{
    public const int MinMachines = 1_200;

    public const int MaxMachines = 3_000;

    private static readonly string[][] GroupSets =
    [
        ["Servers", "Workstations", "Finance laptops"],
        ["Servers", "Workstations", "Kiosks", "Developers"],
        ["Servers", "Workstations", "Executives", "Lab", "Branch offices"],
    ];

    /// <summary>Replaces the tenant's device groups and machine count with demo variant <paramref name="variant"/> (any integer).</summary>
    public static void Apply(SimulatedTenant tenant, int variant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var index = Math.Abs(variant % GroupSets.Length);
        var names = GroupSets[index];
        tenant.ClearDeviceGroups();
        for (var i = 0; i < names.Length; i++)
        {
            // Servers are the most exposed, as is usual; ids as Defender numbers groups, from 1 up per tenant.
            tenant.AddDeviceGroup(names[i], id: 101 + i, score: 62 - (11 * i) + (3 * index));
        }

        tenant.Machines.Count = MinMachines + (int)((uint)variant * 617u % (MaxMachines - MinMachines + 1));
        tenant.Machines.UngroupedPercent = 6 + (2 * index);
        tenant.Machines.WhenEmpty = NoMachinesAnswer.NotFound;
    }
}
