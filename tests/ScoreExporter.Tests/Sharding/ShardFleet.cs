using System.Text.Json.Nodes;
using ScoreExporter.Configuration;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Sharding;

/// <summary>
/// Three exporter processes over 300 tenants, as the pods of a three-shard StatefulSet: one config file listing every
/// tenant, the same for all, and nothing but the host name (score-exporter-0, -1, -2) telling them apart. Started
/// once for the test class, in parallel, as Kubernetes starts the pods (podManagementPolicy: Parallel).
/// </summary>
public sealed class ShardFleet : IAsyncLifetime, IDisposable
{
    public const int TotalShards = 3;
    public const int TenantCount = 300;
    public const string ClientId = "5b0c8a3e-2d4f-4e6a-9b1c-7d8e9f0a1b2c";
    public const string ClientSecret = "fleet-shared-app-secret";

    private readonly TempDirectory temp = new();

    public IReadOnlyList<FleetTenant> Tenants { get; } = Enumerable.Range(0, TenantCount)
        .Select(i => new FleetTenant($"tenant-{i:D3}", Guid.NewGuid().ToString(), 100 + i))
        .ToArray();

    /// <summary>When the simulator says each score was computed; a few minutes ago, so no score looks stale.</summary>
    public DateTimeOffset ComputedAt { get; } = DateTimeOffset.UtcNow.AddMinutes(-3);

    public string ConfigPath => temp.File("tenants.json");

    /// <summary>The process started as score-exporter-i, at index i.</summary>
    public IReadOnlyList<ShardRun> Shards { get; private set; } = [];

    public static IReadOnlyDictionary<string, string> PodNamed(string hostName) => new Dictionary<string, string> { ["HOSTNAME"] = hostName };

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(ConfigPath, ConfigJson());
        var starts = Enumerable.Range(0, TotalShards).Select(i => StartAsync(PodNamed($"score-exporter-{i}"))).ToArray();
        try
        {
            Shards = await Task.WhenAll(starts);
        }
        catch
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>One more process with the fleet's config file and this environment, against a simulator of its own.</summary>
    public Task<ShardRun> StartAsync(IReadOnlyDictionary<string, string> environment) => ShardRun.StartAsync(this, environment);

    public async Task DisposeAsync()
    {
        foreach (var shard in Shards)
        {
            await shard.DisposeAsync();
        }
    }

    /// <summary>After <see cref="DisposeAsync"/>: the config file outlives the processes that read it.</summary>
    public void Dispose() => temp.Dispose();

    // Only the configuration score: PollInterval 5 minutes polls each tenant once while the tests look.
    private string ConfigJson() => new JsonObject
    {
        ["Defender"] = new JsonObject
        {
            ["TotalShards"] = TotalShards,
            ["PollInterval"] = "00:05:00",
            ["ClientId"] = ClientId,
            ["ClientSecret"] = ClientSecret,
            ["Collectors"] = new JsonObject
            {
                ["ExposureScore"] = new JsonObject { ["Enabled"] = false },
                ["DeviceGroupExposureScore"] = new JsonObject { ["Enabled"] = false },
            },
            [nameof(DefenderOptions.Tenants)] = new JsonArray([.. Tenants.Select(t => new JsonObject { ["Name"] = t.Name, ["TenantId"] = t.TenantId })]),
        },
    }.ToJsonString();
}
