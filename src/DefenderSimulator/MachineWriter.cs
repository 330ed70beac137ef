using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// Writes machine <c>i</c> of a tenant as the Machine entity of <c>GET /api/machines</c>, generated from
/// (seed, i) with realistic proportions. Values are formatted into stack buffers: a 50,000-machine tenant is
/// served without a string per machine.
/// </summary>
internal sealed class MachineWriter
{
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ComputerDnsName = JsonEncodedText.Encode("computerDnsName");
    private static readonly JsonEncodedText FirstSeen = JsonEncodedText.Encode("firstSeen");
    private static readonly JsonEncodedText LastSeen = JsonEncodedText.Encode("lastSeen");
    private static readonly JsonEncodedText OsPlatform = JsonEncodedText.Encode("osPlatform");
    private static readonly JsonEncodedText OsVersion = JsonEncodedText.Encode("osVersion");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText OsProcessor = JsonEncodedText.Encode("osProcessor");
    private static readonly JsonEncodedText LastIpAddress = JsonEncodedText.Encode("lastIpAddress");
    private static readonly JsonEncodedText LastExternalIpAddress = JsonEncodedText.Encode("lastExternalIpAddress");
    private static readonly JsonEncodedText AgentVersion = JsonEncodedText.Encode("agentVersion");
    private static readonly JsonEncodedText OsBuild = JsonEncodedText.Encode("osBuild");
    private static readonly JsonEncodedText HealthStatus = JsonEncodedText.Encode("healthStatus");
    private static readonly JsonEncodedText DeviceValue = JsonEncodedText.Encode("deviceValue");
    private static readonly JsonEncodedText RbacGroupId = JsonEncodedText.Encode("rbacGroupId");
    private static readonly JsonEncodedText RbacGroupName = JsonEncodedText.Encode("rbacGroupName");
    private static readonly JsonEncodedText RiskScore = JsonEncodedText.Encode("riskScore");
    private static readonly JsonEncodedText ExposureLevel = JsonEncodedText.Encode("exposureLevel");
    private static readonly JsonEncodedText IsAadJoined = JsonEncodedText.Encode("isAadJoined");
    private static readonly JsonEncodedText AadDeviceId = JsonEncodedText.Encode("aadDeviceId");
    private static readonly JsonEncodedText MachineTags = JsonEncodedText.Encode("machineTags");
    private static readonly JsonEncodedText DefenderAvStatus = JsonEncodedText.Encode("defenderAvStatus");
    private static readonly JsonEncodedText OnboardingStatus = JsonEncodedText.Encode("onboardingStatus");
    private static readonly JsonEncodedText OsArchitecture = JsonEncodedText.Encode("osArchitecture");
    private static readonly JsonEncodedText ManagedBy = JsonEncodedText.Encode("managedBy");
    private static readonly JsonEncodedText ManagedByStatus = JsonEncodedText.Encode("managedByStatus");
    private static readonly JsonEncodedText IpAddresses = JsonEncodedText.Encode("ipAddresses");
    private static readonly JsonEncodedText IpAddress = JsonEncodedText.Encode("ipAddress");
    private static readonly JsonEncodedText MacAddress = JsonEncodedText.Encode("macAddress");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText OperationalStatus = JsonEncodedText.Encode("operationalStatus");
    private static readonly JsonEncodedText VmMetadata = JsonEncodedText.Encode("vmMetadata");

    // Each table: (value, weight out of 100).
    private static readonly Platform[] Platforms =
    [
        new("Windows10", 30, "desktop", "22H2", 19045, "x64"),
        new("Windows11", 32, "laptop", "23H2", 22631, "x64"),
        new("WindowsServer2019", 8, "srv", "1809", 17763, "x64"),
        new("WindowsServer2022", 8, "srv", "21H2", 20348, "x64"),
        new("Linux", 8, "lnx", null, null, "x64"),
        new("macOS", 6, "mac", "14.6", null, "ARM64"),
        new("iOS", 4, "iphone", "17.6", null, "ARM64"),
        new("Android", 4, "android", "14", null, "ARM64"),
    ];

    private static readonly Weighted[] HealthStatuses =
        [new("Active", 91), new("Inactive", 4), new("ImpairedCommunication", 2), new("NoSensorData", 1), new("NoSensorDataImpairedCommunication", 1), new("Unknown", 1)];

    private static readonly Weighted[] OnboardingStatuses =
        [new("Onboarded", 83), new("onboarded", 3), new("CanBeOnboarded", 8), new("Unsupported", 3), new("InsufficientInfo", 3)];

    private static readonly Weighted[] RiskScores =
        [new("None", 30), new("Informational", 10), new("Low", 25), new("Medium", 25), new("High", 10)];

    private static readonly Weighted[] ExposureLevels = [new("None", 8), new("Low", 37), new("Medium", 40), new("High", 15)];

    private static readonly Weighted[] DeviceValues = [new("Normal", 85), new("High", 10), new("Low", 5)];

    private static readonly string[] Tags = ["VIP", "Finance", "Kiosk", "Lab", "Contractor", "Pilot"];

    private readonly int seed;
    private readonly SimulatedDeviceGroup[] groups;
    private readonly int ungroupedPercent;
    private readonly DateTimeOffset seenUntil;

    /// <summary>A writer for one response: the tenant's groups and the clock are read once, so every machine of a page agrees.</summary>
    public MachineWriter(SimulatedTenant tenant, DateTimeOffset now)
    {
        seed = tenant.Machines.Seed;
        groups = [.. tenant.DeviceGroups];
        ungroupedPercent = groups.Length == 0 ? 100 : tenant.Machines.UngroupedPercent;

        // Whole hours: every page of one listing shows the same lastSeen for a machine.
        seenUntil = new DateTimeOffset(now.UtcDateTime.Ticks - (now.UtcDateTime.Ticks % TimeSpan.TicksPerHour), TimeSpan.Zero);
    }

    public void Write(Utf8JsonWriter json, int index, HostileMachine? hostile = null)
    {
        var (a, b, c) = (StableHash.Mix(seed, index, 1), StableHash.Mix(seed, index, 2), StableHash.Mix(seed, index, 3));
        var platform = Pick(Platforms, a % 100);
        var health = Pick(HealthStatuses, (a >> 8) % 100).Value;
        Span<char> text = stackalloc char[64];
        json.WriteStartObject();

        // 40 hex digits, as Defender's machine ids.
        a.TryFormat(text, out _, "x16", CultureInfo.InvariantCulture);
        b.TryFormat(text[16..], out _, "x16", CultureInfo.InvariantCulture);
        c.TryFormat(text[32..], out _, "x16", CultureInfo.InvariantCulture);
        json.WriteString(Id, text[..40]);

        json.WriteString(ComputerDnsName, new CharBuffer(text).Append(platform.HostPrefix).Append("-").Append((ulong)index, "D6").Append(".corp.contoso.example").Text);
        var lastSeen = seenUntil.AddMinutes(-(double)((b % 1000) * (health == "Inactive" ? 60UL : 1UL)));
        WriteTime(json, FirstSeen, text, lastSeen.AddDays(-(double)((b >> 16) % 700)));
        WriteTime(json, LastSeen, text, lastSeen);
        json.WriteString(OsPlatform, hostile?.OsPlatform ?? platform.Value);
        json.WriteNull(OsVersion);
        WriteOptional(json, Version, platform.Version);
        json.WriteString(OsProcessor, platform.Processor);
        json.WriteString(LastIpAddress, PrivateAddress(text, b));
        json.WriteString(LastExternalIpAddress, new CharBuffer(text).Append("203.0.113.").Append(((b >> 48) % 254) + 1).Text);
        json.WriteString(AgentVersion, new CharBuffer(text).Append("10.8760.").Append((ulong)(platform.Build ?? 24092)).Append(".").Append((c % 5000) + 1000).Text);
        if (platform.Build is { } build)
        {
            json.WriteNumber(OsBuild, build);
        }
        else
        {
            json.WriteNull(OsBuild);
        }

        json.WriteString(HealthStatus, hostile?.HealthStatus ?? health);
        json.WriteString(DeviceValue, Pick(DeviceValues, (c >> 8) % 100).Value);
        WriteGroup(json, index, (c >> 16) % 100, (c >> 24) % 10_000, hostile);
        json.WriteString(RiskScore, hostile?.RiskScore ?? Pick(RiskScores, (a >> 16) % 100).Value);
        json.WriteString(ExposureLevel, hostile?.ExposureLevel ?? Pick(ExposureLevels, (a >> 24) % 100).Value);
        var aadJoined = (c >> 32) % 3 != 0;
        json.WriteBoolean(IsAadJoined, aadJoined);
        if (aadJoined)
        {
            Span<byte> guid = stackalloc byte[16];
            BitConverter.TryWriteBytes(guid, b ^ c);
            BitConverter.TryWriteBytes(guid[8..], a ^ b);
            new Guid(guid).TryFormat(text, out var written);
            json.WriteString(AadDeviceId, text[..written]);
        }
        else
        {
            json.WriteNull(AadDeviceId);
        }

        json.WriteStartArray(MachineTags);
        for (var tag = 0; tag < (int)((c >> 40) % 3); tag++)
        {
            json.WriteStringValue(Tags[(int)((c >> (44 + (4 * tag))) % (ulong)Tags.Length)]);
        }

        json.WriteEndArray();
        json.WriteString(DefenderAvStatus, "Updated");
        json.WriteString(OnboardingStatus, hostile?.OnboardingStatus ?? Pick(OnboardingStatuses, (a >> 32) % 100).Value);
        json.WriteString(OsArchitecture, "64-bit");
        json.WriteString(ManagedBy, platform.Build is null ? "Intune" : "MEM");
        json.WriteString(ManagedByStatus, "Success");
        json.WriteStartArray(IpAddresses);
        json.WriteStartObject();
        json.WriteString(IpAddress, PrivateAddress(text, b));
        (c & 0xFFFFFFFFFFFF).TryFormat(text, out _, "X12", CultureInfo.InvariantCulture);
        json.WriteString(MacAddress, text[..12]);
        json.WriteString(Type, "Ethernet");
        json.WriteString(OperationalStatus, "Up");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteNull(VmMetadata);
        json.WriteEndObject();
    }

    /// <summary>
    /// A group for most machines; ungrouped ones get <c>null</c> (even index) or no properties at all (odd index),
    /// since both are seen: an exporter must count them either way.
    /// </summary>
    private void WriteGroup(Utf8JsonWriter json, int index, ulong ungroupedRoll, ulong groupRoll, HostileMachine? hostile)
    {
        if (hostile is not null)
        {
            json.WriteNumber(RbacGroupId, 1_000_000 + index);
            json.WriteString(RbacGroupName, hostile.GroupName);
            return;
        }

        if (ungroupedRoll < (ulong)ungroupedPercent)
        {
            if (index % 2 == 0)
            {
                json.WriteNull(RbacGroupId);
                json.WriteNull(RbacGroupName);
            }

            return;
        }

        // A number as Microsoft documents it for machines, a string on some, as the Score resource documents it.
        var group = groups[(int)(groupRoll % (ulong)groups.Length)];
        if (group.Id is { } id && index % 9 == 4)
        {
            Span<char> digits = stackalloc char[12];
            id.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture);
            json.WriteString(RbacGroupId, digits[..written]);
        }
        else if (group.Id is { } numeric)
        {
            json.WriteNumber(RbacGroupId, numeric);
        }

        json.WriteString(RbacGroupName, group.Name);
    }

    private static ReadOnlySpan<char> PrivateAddress(Span<char> buffer, ulong roll) =>
        new CharBuffer(buffer).Append("10.").Append((roll >> 24) % 256).Append(".").Append((roll >> 32) % 256).Append(".").Append(((roll >> 40) % 254) + 1).Text;

    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, Span<char> buffer, DateTimeOffset value)
    {
        value.UtcDateTime.TryFormat(buffer, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        json.WriteString(name, buffer[..written]);
    }

    private static void WriteOptional(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static T Pick<T>(T[] table, ulong roll)
        where T : IWeighted
    {
        var total = 0;
        foreach (var entry in table)
        {
            total += entry.Weight;
            if (roll < (ulong)total)
            {
                return entry;
            }
        }

        return table[^1];
    }

    private interface IWeighted
    {
        int Weight { get; }
    }

    private sealed record Weighted(string Value, int Weight) : IWeighted;

    private sealed record Platform(string Value, int Weight, string HostPrefix, string? Version, int? Build, string Processor) : IWeighted;
}
