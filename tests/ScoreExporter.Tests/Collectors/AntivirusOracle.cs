using System.Globalization;
using DefenderSimulator;

namespace ScoreExporter.Tests.Collectors;

/// <summary>
/// What the antivirus series should say for a tenant, computed independently of the exporter from the whole
/// listing: rows per label set (avMode named from Microsoft's table, flags lower-cased or unknown), and the oldest
/// parseable signature update per group.
/// </summary>
internal sealed class AntivirusOracle
{
    private static readonly Dictionary<string, string> Modes = new()
    {
        [""] = "other", ["0"] = "active", ["1"] = "passive", ["2"] = "disabled", ["3"] = "other", ["4"] = "edr_blocked", ["5"] = "passive_audit",
    };

    public Dictionary<string, double> Devices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> OldestSignature { get; } = new(StringComparer.Ordinal);

    public int Listed { get; private set; }

    public static async Task<AntivirusOracle> ComputeAsync(SimulatorServer simulator, SimulatedTenant tenant)
    {
        var oracle = new AntivirusOracle();
        var items = await ListingFetch.AllAsync(simulator, tenant, "api/deviceavinfo");
        oracle.Listed = items.Count;
        foreach (var item in items)
        {
            var group = ListingFetch.Text(item, "rbacGroupName");
            var code = item.GetProperty("avMode").GetString()!;
            var key = Key(group, ListingFetch.Text(item, "osPlatform"), Modes.GetValueOrDefault(code, code),
                Flag(item.GetProperty("avIsSignatureUpToDate").GetString()), Flag(item.GetProperty("avIsEngineUpToDate").GetString()),
                Flag(item.GetProperty("avIsPlatformUpToDate").GetString()));
            oracle.Devices[key] = oracle.Devices.GetValueOrDefault(key) + 1;
            if (DateTimeOffset.TryParse(item.GetProperty("avSignatureUpdateTime").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var updated))
            {
                var seconds = updated.ToUnixTimeMilliseconds() / 1000.0;
                oracle.OldestSignature[group] = Math.Min(oracle.OldestSignature.GetValueOrDefault(group, double.MaxValue), seconds);
            }
        }

        return oracle;
    }

    public static string Key(params string[] values) => string.Join('|', values);

    private static string Flag(string? value) => value switch
    {
        "True" => "true",
        "False" => "false",
        _ => "unknown",
    };
}
