using System.Globalization;
using DefenderSimulator;
using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Sharding;

/// <summary>
/// Three real exporter processes with TotalShards 3, each taking its shard from the ordinal that ends its host name,
/// over 300 tenants: together they publish and poll every tenant exactly once, and each stays within its shard.
/// </summary>
public sealed class ShardedFleetTests(ShardFleet fleet) : IClassFixture<ShardFleet>
{
    [Fact]
    public void Every_tenant_is_published_with_its_score_by_exactly_one_shard()
    {
        foreach (var tenant in fleet.Tenants)
        {
            var publishers = fleet.Shards.Where(s => s.PublishedTenants.Contains(tenant.Name)).ToList();
            Assert.True(publishers.Count == 1, $"{tenant.Name} is published by {publishers.Count} shards");

            var scores = fleet.Shards.Select(s => s.Metrics.Value("defender_device_secure_score", ("tenant", tenant.Name))).OfType<double>().ToList();
            Assert.Equal([tenant.Score], scores);
            Assert.Equal(1, publishers[0].Metrics.Value("defender_up", ("tenant", tenant.Name), ("collector", "configuration_score")));
        }
    }

    [Fact]
    public void The_tenants_spread_over_the_shards_within_a_quarter_of_even()
    {
        var even = ShardFleet.TenantCount / ShardFleet.TotalShards;

        Assert.Equal(ShardFleet.TenantCount, fleet.Shards.Sum(s => s.PublishedTenants.Count));
        Assert.All(fleet.Shards, shard => Assert.InRange(shard.PublishedTenants.Count, even * 3 / 4, even * 5 / 4));
    }

    [Fact]
    public void Each_shard_says_which_it_is_and_publishes_only_its_own_tenants()
    {
        for (var i = 0; i < ShardFleet.TotalShards; i++)
        {
            var metrics = fleet.Shards[i].Metrics;
            var own = OwnTenants(i);

            var info = Assert.Single(metrics.All("defender_exporter_shard_info"));
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), info.Labels["shard"]);
            Assert.Equal("3", info.Labels["total_shards"]);
            Assert.Equal(1, info.Value);
            Assert.Equal(own.Order(StringComparer.Ordinal), fleet.Shards[i].PublishedTenants.Order(StringComparer.Ordinal));

            // Not only the info series: no series of any family names a tenant of another shard.
            var strangers = metrics.Samples.Where(s => s.Labels.TryGetValue("tenant", out var name) && !own.Contains(name)).ToList();
            Assert.True(strangers.Count == 0, $"shard {i} publishes {strangers.Count} series of other shards' tenants, e.g. {strangers.FirstOrDefault()}");
        }
    }

    [Fact]
    public void The_simulators_request_logs_show_each_tenant_called_by_exactly_one_process_once()
    {
        foreach (var tenant in fleet.Tenants)
        {
            var callers = Enumerable.Range(0, ShardFleet.TotalShards).Where(i => fleet.Shards[i].Called(tenant)).ToList();
            Assert.Equal([ShardAssignment.ShardOf(tenant.Name, ShardFleet.TotalShards)], callers);

            // Polled once: PollInterval is 5 minutes and only the configuration score is collected.
            Assert.Equal(1, fleet.Shards[callers[0]].Simulator.Log.Count(tenant.TenantId, RequestKind.Api));
        }
    }

    [Fact]
    public async Task Another_process_told_Shard_1_outright_owns_the_same_tenants_as_the_pod_whose_name_ends_in_1()
    {
        // The host name points elsewhere on purpose: an explicit Defender:Shard wins over the host name's ordinal.
        var environment = new Dictionary<string, string> { ["HOSTNAME"] = "score-exporter-2", ["Defender__Shard"] = "1" };
        await using var again = await fleet.StartAsync(environment);

        Assert.Equal(1, again.Metrics.Value("defender_exporter_shard_info", ("shard", "1"), ("total_shards", "3")));
        Assert.Equal(fleet.Shards[1].PublishedTenants.Order(StringComparer.Ordinal), again.PublishedTenants.Order(StringComparer.Ordinal));
        Assert.Equal(fleet.Shards[1].CalledTenants.Order(StringComparer.Ordinal), again.CalledTenants.Order(StringComparer.Ordinal));
    }

    private HashSet<string> OwnTenants(int shard) =>
        fleet.Tenants.Where(t => ShardAssignment.ShardOf(t.Name, ShardFleet.TotalShards) == shard).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
}
