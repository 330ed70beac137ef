using System.Text;
using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

/// <summary>Antivirus health rows through the streaming reader into the tally: Microsoft's mode names, the flags, the oldest update.</summary>
public sealed class AntivirusTallyTests
{
    [Theory]
    [InlineData("\"0\"", "active")]
    [InlineData("\"1\"", "passive")]
    [InlineData("\"2\"", "disabled")]
    [InlineData("\"3\"", "other")]
    [InlineData("\"\"", "other")]
    [InlineData("\"4\"", "edr_blocked")]
    [InlineData("\"5\"", "passive_audit")]
    [InlineData("\"9\"", "9")]
    [InlineData("1", "passive")]
    [InlineData("null", LabelValue.None)]
    public async Task The_mode_code_takes_Microsofts_name_and_an_undocumented_code_is_kept(string avMode, string expected)
    {
        var tally = new AntivirusTally();

        var read = await ReadAsync(Page(Row(avMode: avMode)), tally);

        Assert.Null(read.Invalid);
        Assert.Equal(expected, Assert.Single(tally.ToSamples(), s => s.Series == AntivirusCollector.Devices).Labels[2]);
    }

    [Theory]
    [InlineData("True", "true")]
    [InlineData("true", "true")]
    [InlineData("FALSE", "false")]
    [InlineData("Unknown", "unknown")]
    [InlineData("", "unknown")]
    [InlineData("yes", "unknown")]
    public async Task Up_to_date_flags_are_true_false_or_unknown(string flag, string expected)
    {
        var tally = new AntivirusTally();

        await ReadAsync(Page(Row(signature: flag, engine: flag, platform: flag)), tally);

        Assert.Equal([expected, expected, expected], Assert.Single(tally.ToSamples(), s => s.Series == AntivirusCollector.Devices).Labels[3..]);
    }

    [Fact]
    public async Task A_flag_that_is_not_a_string_makes_the_page_invalid()
    {
        var read = await ReadAsync(Page(Row().Replace("\"avIsEngineUpToDate\":\"True\"", "\"avIsEngineUpToDate\":true", StringComparison.Ordinal)), new AntivirusTally());

        Assert.NotNull(read.Invalid);
    }

    [Fact]
    public async Task The_oldest_signature_update_per_group_ignores_times_that_are_none_and_counts_every_device()
    {
        var tally = new AntivirusTally();
        await ReadAsync(Page(
            Row(group: "\"Servers\"", updated: "\"2026-12-01T10:00:00Z\""),
            Row(group: "\"Servers\"", updated: "\"2026-11-20T08:30:00.1234567Z\""),
            Row(group: "\"Servers\"", updated: "\"not a time\""),
            Row(group: "\"Servers\"", updated: "\"\""),
            Row(group: "\"Servers\"", updated: "\"0001-01-01T00:00:00Z\""),
            Row(group: "\"Servers\"", updated: "null"),
            Row(group: "\"Kiosks\"", updated: "\"2026-11-25T00:00:00\""),
            Row(group: "\"Kiosks\"", updated: "\"2026-11-26T01:00:00+02:00\""),
            Row(group: "\"Lab\"", updated: "\"\""),
            Row(group: "null", updated: "\"2026-10-01T00:00:00Z\"")), tally);

        var samples = tally.ToSamples();

        Assert.Equal(10, samples.Where(s => s.Series == AntivirusCollector.Devices).Sum(s => s.Value));
        var oldest = samples.Where(s => s.Series == AntivirusCollector.OldestSignatureUpdate).ToDictionary(s => s.Labels[0], s => s.Value);
        Assert.Equal(3, oldest.Count);
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T08:30:00.123Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() / 1000.0, oldest["Servers"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), oldest["Kiosks"]);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), oldest[LabelValue.None]);
    }

    [Fact]
    public async Task A_time_that_is_not_a_string_makes_the_page_invalid()
    {
        var read = await ReadAsync(Page(Row(updated: "1733300000")), new AntivirusTally());

        Assert.NotNull(read.Invalid);
    }

    [Fact]
    public void Hostile_values_are_folded_so_the_series_stay_bounded_and_no_device_is_lost()
    {
        var tally = new AntivirusTally();
        for (var i = 0; i < 30_000; i++)
        {
            tally.Add(new DeviceAvInfo($"group-{i}\n{new string('x', 300)}", $"os-{i}", $"{i % 40}", "True", i % 2 == 0 ? "False" : "True", "Unknown", null));
        }

        var samples = tally.ToSamples();

        Assert.Equal(30_000, samples.Sum(s => s.Value));
        Assert.InRange(samples.Count, 1, AntivirusTally.MaxCombinations + 1);
        Assert.InRange(samples.Select(s => s.Labels[2]).Distinct().Count(), 1, AntivirusTally.MaxModes + 1);
        Assert.All(samples, s => Assert.All(s.Labels, label =>
        {
            Assert.InRange(label.Length, 1, LabelValue.MaxLength);
            Assert.DoesNotContain(label, c => char.IsControl(c));
        }));
    }

    private static string Row(string group = "\"Servers\"", string avMode = "\"0\"", string signature = "True", string engine = "True", string platform = "True", string updated = "\"2026-12-01T10:00:00Z\"") =>
        $$"""{"id":"30a8fa2826abf24d24379b23f8a44d471f00feab","machineId":"30a8fa2826abf24d24379b23f8a44d471f00feab","computerDnsName":"SampleDns","osKind":"windows","osPlatform":"Windows 11","osVersion":"10.0.22631.4037","avMode":{{avMode}},"avSignatureVersion":"1.421.1700.0","avEngineVersion":"1.1.24090.11","avPlatformVersion":"4.18.24090.11","lastSeenTime":"2026-12-01T10:00:00Z","quickScanResult":"Completed","fullScanResult":"","avSignatureUpdateTime":{{updated}},"avEngineUpdateTime":"2026-11-20T00:00:00Z","avPlatformUpdateTime":"2026-11-20T00:00:00Z","avIsSignatureUpToDate":"{{signature}}","avIsEngineUpToDate":"{{engine}}","avIsPlatformUpToDate":"{{platform}}","dataRefreshTimestamp":"2026-12-01T11:00:00Z","rbacGroupName":{{group}},"rbacGroupId":712}""";

    private static string Page(params string[] rows) => """{"@odata.context":"x","value":[""" + string.Join(",", rows) + "]}";

    private static Task<ScoreExporter.Defender.BodyRead<ListPage>> ReadAsync(string body, AntivirusTally tally) =>
        ListPageReader.ReadAsync(new StringContent(body, Encoding.UTF8), CollectorJson.Default.DeviceAvInfo, tally.Add, CancellationToken.None);
}
