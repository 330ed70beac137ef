using System.Net;
using System.Text;
using ScoreExporter.Collectors;

namespace ScoreExporter.Tests.Collectors;

public sealed class ListPageReaderTests
{
    [Fact]
    public async Task Machines_are_counted_and_the_next_link_read_wherever_it_stands()
    {
        var tally = new DeviceTally();
        var body = """{"@odata.nextLink":"https://api.example/api/machines?$skiptoken=2","@odata.context":"x","value":[""" + Machine("Windows11", "Active", "GroupOne") + "," + Machine("Linux", "NoSensorData", null) + "]}";

        var read = await ListPageReader.ReadAsync(Content(body, chunk: 7), CollectorJson.Default.Machine, tally.Add, CancellationToken.None);

        Assert.Null(read.Invalid);
        Assert.Equal("https://api.example/api/machines?$skiptoken=2", read.Value.NextLink);
        Assert.Equal(2, read.Value.Items);
        Assert.Equal(2, tally.Devices);
        Assert.Contains(tally.ToSamples(), s => s.Labels[0] == LabelValue.None && s.Labels[2] == "NoSensorData");
    }

    [Fact]
    public async Task A_page_of_ten_thousand_machines_streams_through_a_buffer_far_smaller_than_the_body()
    {
        var body = new StringBuilder("""{"@odata.context":"x","value":[""");
        for (var i = 0; i < 10_000; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append(Machine(i % 3 == 0 ? "Windows11" : "Linux", i % 5 == 0 ? "Inactive" : "Active", $"Group{i % 7}"));
        }

        body.Append("]}");
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        var tally = new DeviceTally();

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var read = await ListPageReader.ReadAsync(Content(bytes, chunk: 16 * 1024), CollectorJson.Default.Machine, tally.Add, CancellationToken.None);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Null(read.Invalid);
        Assert.Null(read.Value.NextLink);
        Assert.Equal(10_000, read.Value.Items);
        Assert.Equal(10_000, tally.Devices);
        Assert.Equal(10_000, tally.ToSamples().Sum(s => s.Value));
        Assert.True(bytes.Length > 5_000_000, $"the page is {bytes.Length} bytes");

        // Reading it whole would allocate at least the body (twice, as UTF-16); streaming allocates per machine only.
        Assert.True(allocated < bytes.Length / 2, $"allocated {allocated} bytes for a {bytes.Length}-byte page");
    }

    [Fact]
    public async Task Two_pages_with_the_same_first_item_have_the_same_fingerprint_and_others_differ()
    {
        var first = Machine("Windows11", "Active", "GroupOne");
        var other = Machine("Linux", "Active", "GroupOne");

        var a = await ListPageReader.ReadAsync(Content("""{"value":[""" + first + "," + other + "]}", chunk: 5), CollectorJson.Default.Machine, _ => { }, CancellationToken.None);
        var b = await ListPageReader.ReadAsync(Content("""{"value":[""" + first + "]}", chunk: 4096), CollectorJson.Default.Machine, _ => { }, CancellationToken.None);
        var c = await ListPageReader.ReadAsync(Content("""{"value":[""" + other + "]}", chunk: 4096), CollectorJson.Default.Machine, _ => { }, CancellationToken.None);

        Assert.Equal(a.Value.FirstItemHash, b.Value.FirstItemHash);
        Assert.NotEqual(a.Value.FirstItemHash, c.Value.FirstItemHash);
    }

    [Theory]
    [InlineData("""{"value":[null]}""")]
    [InlineData("""{"value":{}}""")]
    [InlineData("""{"value":[{"osPlatform":5}]}""")]
    [InlineData("""{"value":[{"osPlatform":"Linux"}""")]
    [InlineData("""{"@odata.nextLink":7,"value":[]}""")]
    [InlineData("""[]""")]
    [InlineData("""<html>busy</html>""")]
    [InlineData("")]
    public async Task Broken_pages_are_refused_without_throwing(string body)
    {
        var read = await ListPageReader.ReadAsync(Content(body, chunk: 3), CollectorJson.Default.Machine, new DeviceTally().Add, CancellationToken.None);

        Assert.NotNull(read.Invalid);
    }

    [Fact]
    public async Task A_single_machine_over_the_cap_is_refused_once_the_cap_is_reached()
    {
        var huge = """{"value":[{"osPlatform":"Linux","computerDnsName":" """ + new string('a', ListPageReader.MaxItemBytes) + "\"}]}";

        var read = await ListPageReader.ReadAsync(Content(huge, chunk: 64 * 1024), CollectorJson.Default.Machine, new DeviceTally().Add, CancellationToken.None);

        Assert.Contains("over the", read.Invalid, StringComparison.Ordinal);
    }

    private static string Machine(string os, string health, string? group) =>
        $$"""{"id":"{{Guid.NewGuid():N}}","computerDnsName":"host.contoso.local","osPlatform":"{{os}}","osVersion":"10.0.22631","healthStatus":"{{health}}","onboardingStatus":"onboarded","riskScore":"Low","exposureLevel":"Medium","rbacGroupId":{{(group is null ? "null" : "7")}},"rbacGroupName":{{(group is null ? "null" : "\"" + group + "\"")}},"machineTags":["a","b"],"ipAddresses":[{"ipAddress":"10.0.0.1","type":"Ethernet"}],"lastSeen":"2026-12-01T10:00:00Z","lastIpAddress":"10.0.0.1","lastExternalIpAddress":"203.0.113.7","healthStatusDetails":"","defenderAvStatus":"Updated","isAadJoined":true,"aadDeviceId":"{{Guid.NewGuid()}}","version":"22H2","agentVersion":"10.8760.22621.2428","managedBy":"Intune","deviceValue":"Normal","firstSeen":"2025-01-01T00:00:00Z","osProcessor":"x64","osArchitecture":"64-bit"}""";

    private static StreamContent Content(string body, int chunk) => Content(Encoding.UTF8.GetBytes(body), chunk);

    // A stream that hands out at most `chunk` bytes a read, as a socket does, so tokens straddle buffer refills.
    private static StreamContent Content(byte[] body, int chunk) => new StreamContent(new ChunkedStream(body, chunk));

    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
