using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Sharding;

/// <summary>
/// What the README promises about changing `shards`: the assignment is a plain modulo, so about (N-1)/N of the
/// tenants move, N the larger count, and fewer when one count divides the other.
/// </summary>
public sealed class ShardCountChangeTests
{
    private static readonly string[] Tenants = Enumerable.Range(0, 3000).Select(i => $"tenant-{i:D4}").ToArray();

    [Theory]
    [InlineData(1, 3, 2.0 / 3)]
    [InlineData(3, 4, 3.0 / 4)]
    [InlineData(4, 3, 3.0 / 4)]
    [InlineData(3, 5, 4.0 / 5)]
    [InlineData(3, 6, 1.0 / 2)]
    public void Changing_the_shard_count_moves_the_share_of_tenants_the_README_says(int before, int after, double share)
    {
        var moved = Tenants.Count(t => ShardAssignment.ShardOf(t, before) != ShardAssignment.ShardOf(t, after)) / (double)Tenants.Length;

        Assert.InRange(moved, share - 0.03, share + 0.03);
    }
}
