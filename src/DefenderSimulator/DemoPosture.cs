namespace DefenderSimulator;

/// <summary>
/// A believable posture for a demo tenant: three to five device groups with their own exposure scores, and
/// 1,200-3,000 machines spread over them (antivirus rows for each), some ungrouped; 200-600 recommendations; 5-40
/// open and 100-400 resolved incidents; every third variant's Secure Score has a control category Microsoft has not
/// documented yet (<c>Cloud</c>). The same variant always gives the same tenant, and every tenant has an open
/// high-severity incident no one is assigned to, so the incident panels and alerts have something to show.
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
        tenant.Antivirus.Count = null;
        tenant.Recommendations.Count = 200 + (int)((uint)variant * 131u % 401);
        tenant.Incidents.OpenCount = 5 + (int)((uint)variant * 7u % 36);
        tenant.Incidents.ResolvedCount = 100 + (int)((uint)variant * 53u % 301);
        tenant.Incidents.Seed = IncidentSeed(tenant.Incidents, variant);
        tenant.SecureScore.HasSnapshot = true;
        tenant.SecureScore.UnknownCategory = index == 2 ? "Cloud" : null;
    }

    /// <summary>The first seed from the variant's own on whose listing an open high-severity incident is unassigned.</summary>
    private static int IncidentSeed(IncidentSettings incidents, int variant)
    {
        for (var seed = (int)StableHash.Of($"demo-incidents:{variant}"); ; seed++)
        {
            incidents.Seed = seed;
            for (var i = 0; i < incidents.Total; i++)
            {
                if (incidents.IsOpen(i) && SimulatedIncident.Make(incidents, i, DateTimeOffset.UnixEpoch) is { Severity: "high", AssignedTo: null })
                {
                    return seed;
                }
            }
        }
    }
}
