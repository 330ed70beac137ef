using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Sharding;

/// <summary>
/// A tenant's shard must not change from one version to the next, or an upgrade would move tenants between replicas
/// (each moved tenant polled anew, its counters restarted). These values were computed once, outside this code base,
/// from the FNV-1a definition over UTF-8 bytes; they are pinned, never recomputed from the code under test.
/// </summary>
public sealed class ShardAssignmentPinTests
{
    [Theory]
    [InlineData("contoso", 0x0bc076b507496940UL, 0, 1, 1, 0)]
    [InlineData("fabrikam", 0x8c15e6d8a15c0ba6UL, 0, 2, 2, 6)]
    [InlineData("northwind", 0x37cb692b92a2534aUL, 0, 1, 1, 10)]
    [InlineData("woodgrove", 0x1c09fa7aa6b8dbffUL, 1, 0, 3, 15)]
    [InlineData("tailspin", 0x88edcc6edaefc7ffUL, 1, 2, 3, 15)]
    [InlineData("litware", 0x209ed71dcc447a4bUL, 1, 0, 3, 11)]
    [InlineData("tenant-000", 0xefd1807e9370a998UL, 0, 1, 2, 8)]
    [InlineData("tenant-001", 0xefd1817e9370ab4bUL, 1, 2, 3, 11)]
    [InlineData("tenant-299", 0x0033537e9c73e8d4UL, 0, 0, 0, 4)]
    [InlineData("Contoso", 0x31454170da37f1a0UL, 0, 0, 4, 0)]
    [InlineData("café", 0x48e8823acfa40d89UL, 1, 2, 3, 9)]
    [InlineData("東京", 0x2f3c04f1ff1b2dafUL, 1, 2, 4, 15)]
    [InlineData("🦊 fox", 0x0808b31a790e6805UL, 1, 0, 0, 5)]
    public void A_tenants_shard_is_the_one_pinned_for_it(string tenant, ulong hash, int of2, int of3, int of5, int of16)
    {
        Assert.Equal(hash, ShardAssignment.StableHash(tenant));
        Assert.Equal(0, ShardAssignment.ShardOf(tenant, 1));
        Assert.Equal(of2, ShardAssignment.ShardOf(tenant, 2));
        Assert.Equal(of3, ShardAssignment.ShardOf(tenant, 3));
        Assert.Equal(of5, ShardAssignment.ShardOf(tenant, 5));
        Assert.Equal(of16, ShardAssignment.ShardOf(tenant, 16));
    }
}
