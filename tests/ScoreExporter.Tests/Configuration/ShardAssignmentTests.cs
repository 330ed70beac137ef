using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Configuration;

public sealed class ShardAssignmentTests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void The_hash_is_FNV_1a_64_of_the_UTF8_bytes(string text, ulong expected)
    {
        // Published FNV-1a 64 test vectors: the assignment can be recomputed by anyone, in any language.
        Assert.Equal(expected, ShardAssignment.StableHash(text));
    }

    [Fact]
    public void Three_hundred_tenants_spread_within_a_quarter_of_even_over_three_shards()
    {
        var counts = Enumerable.Range(0, 300).GroupBy(i => ShardAssignment.ShardOf($"tenant-{i:D3}", 3)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([0, 1, 2], counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count, 75, 125));
    }

    [Theory]
    [InlineData("score-exporter-2", 2)]
    [InlineData("score-exporter-0", 0)]
    [InlineData("my-release-score-exporter-17", 17)]
    [InlineData("score-exporter", null)]
    [InlineData("score-exporter-7f9c8d-x2v4q", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_ordinal_is_the_number_that_ends_a_StatefulSet_pod_name(string? host, int? ordinal)
    {
        Assert.Equal(ordinal, ShardAssignment.OrdinalOf(host));
    }
}
