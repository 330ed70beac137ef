using ScoreExporter.Tests.Deploy.Support;

namespace ScoreExporter.Tests.Deploy;

/// <summary>The notes printed after an install describe the collectors, the shards and the cost of replicas.</summary>
public sealed class InstallNotesTests
{
    [Fact]
    public async Task Sharded_notes_name_the_shards_each_collectors_interval_and_how_to_reach_one_shard()
    {
        var notes = await HelmChart.NotesAsync("sharded-values.yaml", "--set", "serviceMonitor.enabled=false");

        Assert.Contains("ConfigurationScore every 00:10:00, DeviceGroupExposureScore every 00:10:00, Devices every 01:00:00, ExposureScore every 00:30:00.", notes, StringComparison.Ordinal);
        Assert.Contains("split between 3 shards", notes, StringComparison.Ordinal);
        Assert.Contains("port-forward pod/rel-score-exporter-0 9464", notes, StringComparison.Ordinal);
        Assert.Contains("scrape every pod behind the Service rel-score-exporter", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas each poll every tenant", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_for_several_replicas_say_what_they_cost()
    {
        var notes = await HelmChart.NotesAsync("single-tenant-secret-values.yaml", "--set", "replicaCount=2");

        Assert.Contains("2 replicas each poll every tenant: 2 times the API calls of one", notes, StringComparison.Ordinal);
        Assert.Contains("100 calls/min and 1,500 calls/hour on the Defender API (150 calls/min on Graph)", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("split between", notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_for_one_pod_mention_neither_shards_nor_replicas()
    {
        var notes = await HelmChart.NotesAsync("single-tenant-secret-values.yaml");

        Assert.Contains("ConfigurationScore every 00:05:00, DeviceGroupExposureScore every 00:05:00, ExposureScore every 00:05:00.", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("Devices every", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("shards", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas", notes, StringComparison.Ordinal);
        Assert.Contains("otherwise scrape the Service rel-score-exporter:9464 at /metrics.", notes, StringComparison.Ordinal);
    }
}
