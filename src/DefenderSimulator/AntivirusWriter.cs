using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// Writes antivirus row <c>i</c> of a tenant as <c>GET /api/deviceavinfo</c> does: <c>avMode</c> as a string code
/// ("0" active, "1" passive, "2" disabled, "4" EDR blocked, "5" passive audit, "" other, and a code not documented yet),
/// the up-to-date flags as the strings "True"/"False" (now and then "Unknown" or empty), signatures out of date mostly
/// in some device groups (those whose name hashes to a multiple of three), and rows without a group.
/// </summary>
internal sealed class AntivirusWriter
{
    private static readonly (string Kind, string Platform, string Version, int Weight)[] Platforms =
    [
        ("windows", "Windows 10", "10.0.19045.4780", 34), ("windows", "Windows 11", "10.0.22631.4037", 36),
        ("windows", "Windows Server 2019", "10.0.17763.6189", 10), ("windows", "Windows Server 2022", "10.0.20348.2655", 10),
        ("linux", "Linux", "5.15.0.117", 6), ("mac", "macOS", "14.6.1.0", 4),
    ];

    private static readonly (string Code, int Weight)[] Modes = [("0", 820), ("1", 90), ("2", 30), ("4", 20), ("5", 20), ("", 10), ("3", 5), ("7", 5)];

    private static readonly string[] ScanResults = ["Completed", "Completed", "Completed", "Completed", "Failed", "Canceled", ""];

    private readonly int seed;
    private readonly SimulatedDeviceGroup[] groups;
    private readonly bool[] staleGroup;
    private readonly int ungroupedPercent;
    private readonly DateTimeOffset refreshed;

    public AntivirusWriter(SimulatedTenant tenant, DateTimeOffset now)
    {
        seed = tenant.Antivirus.Seed;
        groups = [.. tenant.DeviceGroups];
        staleGroup = groups.Select(g => StableHash.Of(g.Name) % 3 == 0).ToArray();
        ungroupedPercent = groups.Length == 0 ? 100 : tenant.Machines.UngroupedPercent;
        refreshed = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    public void Write(Utf8JsonWriter json, int index, HostileMachine? hostile = null)
    {
        var (a, b, c) = (StableHash.Mix(seed, index, 71), StableHash.Mix(seed, index, 72), StableHash.Mix(seed, index, 73));
        var platform = Platforms[0];
        for (var (roll, total, i) = ((int)(a % 100), 0, 0); i < Platforms.Length; i++)
        {
            total += Platforms[i].Weight;
            if (roll < total)
            {
                platform = Platforms[i];
                break;
            }
        }

        var grouped = (c % 100) >= (ulong)ungroupedPercent;
        var group = grouped ? (int)((c >> 8) % (ulong)groups.Length) : -1;
        var staleShare = group < 0 ? 12UL : staleGroup[group] ? 45UL : 4UL;
        var signatureFlag = Flag((b % 100) < staleShare, b >> 8);
        var engineFlag = Flag((b >> 16) % 100 < staleShare / 2, b >> 24);
        var platformFlag = Flag((b >> 32) % 100 < staleShare / 3, b >> 40);
        Span<char> text = stackalloc char[64];
        json.WriteStartObject();
        a.TryFormat(text, out _, "x16", CultureInfo.InvariantCulture);
        b.TryFormat(text[16..], out _, "x16", CultureInfo.InvariantCulture);
        c.TryFormat(text[32..], out _, "x8", CultureInfo.InvariantCulture);
        json.WriteString("id", text[..40]);
        json.WriteString("machineId", text[..40]);
        json.WriteString("computerDnsName", new CharBuffer(text).Append("device-").Append((ulong)index, "D6").Append(".corp.contoso.example").Text);
        json.WriteString("osKind", platform.Kind);
        json.WriteString("osPlatform", hostile?.OsPlatform ?? platform.Platform);
        json.WriteString("osVersion", platform.Version);
        json.WriteString("avMode", hostile?.HealthStatus ?? Mode((a >> 8) % 1000));
        json.WriteString("avSignatureVersion", new CharBuffer(text).Append("1.421.").Append(signatureFlag == "False" ? 900 + ((b >> 48) % 400) : 1700 + ((b >> 48) % 20)).Append(".0").Text);
        json.WriteString("avEngineVersion", engineFlag == "False" ? "1.1.24060.5" : "1.1.24090.11");
        json.WriteString("avPlatformVersion", platformFlag == "False" ? "4.18.24060.7" : "4.18.24090.11");
        Time(json, "lastSeenTime", text, refreshed.AddMinutes(-(double)((a >> 16) % 900)));
        json.WriteString("quickScanResult", ScanResults[(int)((a >> 24) % (ulong)ScanResults.Length)]);
        json.WriteString("quickScanError", string.Empty);
        Time(json, "quickScanTime", text, refreshed.AddHours(-(double)((a >> 32) % 170)));
        json.WriteString("fullScanResult", (a >> 40) % 4 == 0 ? "Completed" : string.Empty);
        json.WriteString("fullScanError", string.Empty);
        json.WriteNull("fullScanTime");
        var signatureAge = signatureFlag == "False" ? TimeSpan.FromHours(48 + ((b >> 48) % 900)) : TimeSpan.FromMinutes((double)((b >> 48) % 1200));
        Time(json, "avSignatureUpdateTime", text, refreshed - signatureAge);
        Time(json, "avSignaturePublishTime", text, refreshed - signatureAge - TimeSpan.FromHours(3));
        Time(json, "avEngineUpdateTime", text, refreshed.AddDays(engineFlag == "False" ? -75 : -9));
        Time(json, "avPlatformUpdateTime", text, refreshed.AddDays(platformFlag == "False" ? -80 : -9));
        json.WriteString("avIsSignatureUpToDate", signatureFlag);
        json.WriteString("avIsEngineUpToDate", engineFlag);
        json.WriteString("avIsPlatformUpToDate", platformFlag);
        Time(json, "dataRefreshTimestamp", text, refreshed);
        WriteGroup(json, index, group, hostile);
        json.WriteEndObject();
    }

    // Ungrouped rows: null (even index) or no properties at all (odd), as for machines.
    private void WriteGroup(Utf8JsonWriter json, int index, int group, HostileMachine? hostile)
    {
        if (hostile is not null)
        {
            json.WriteString("rbacGroupName", hostile.GroupName);
            json.WriteNumber("rbacGroupId", 1_000_000 + index);
        }
        else if (group >= 0)
        {
            json.WriteString("rbacGroupName", groups[group].Name);
            if (groups[group].Id is { } id)
            {
                json.WriteNumber("rbacGroupId", id);
            }
        }
        else if (index % 2 == 0)
        {
            json.WriteNull("rbacGroupName");
            json.WriteNull("rbacGroupId");
        }
    }

    private static string Flag(bool stale, ulong roll) => (roll % 1000) switch
    {
        < 8 => "Unknown",
        < 10 => string.Empty,
        _ => stale ? "False" : "True",
    };

    private static string Mode(ulong roll)
    {
        var total = 0UL;
        foreach (var (code, weight) in Modes)
        {
            total += (ulong)weight;
            if (roll < total)
            {
                return code;
            }
        }

        return Modes[^1].Code;
    }

    private static void Time(Utf8JsonWriter json, string name, Span<char> buffer, DateTimeOffset value) =>
        json.WriteString(name, ListQuery.Time(buffer, value));
}
