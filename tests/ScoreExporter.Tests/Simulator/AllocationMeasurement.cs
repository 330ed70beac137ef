namespace ScoreExporter.Tests.Simulator;

/// <summary>
/// Tests that measure the process's allocations run alone: GC.GetTotalAllocatedBytes counts every thread, so a
/// test running next to them would be measured too.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasurement
{
    public const string Name = "Allocation measurement";
}
