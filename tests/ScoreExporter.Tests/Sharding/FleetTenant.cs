namespace ScoreExporter.Tests.Sharding;

/// <summary>One tenant of the sharded fleet: its `tenant` label, its Entra tenant id and the score the simulator serves it.</summary>
public sealed record FleetTenant(string Name, string TenantId, double Score);
