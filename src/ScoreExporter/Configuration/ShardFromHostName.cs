using Microsoft.Extensions.Options;

namespace ScoreExporter.Configuration;

/// <summary>
/// With several shards and no <c>Defender:Shard</c>, takes the shard from the ordinal that ends the host name, which
/// Kubernetes sets to the StatefulSet pod's name (<c>score-exporter-2</c> → 2).
/// </summary>
public sealed class ShardFromHostName(IConfiguration configuration) : IPostConfigureOptions<DefenderOptions>
{
    public void PostConfigure(string? name, DefenderOptions options)
    {
        if (options.TotalShards <= 1 || options.Shard is not null)
        {
            return;
        }

        options.HostName = configuration["HOSTNAME"] is { Length: > 0 } host ? host : Environment.MachineName;
        options.Shard = ShardAssignment.OrdinalOf(options.HostName);
    }
}
