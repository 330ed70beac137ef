using ScoreExporter.Configuration;

namespace ScoreExporter.Tests.Configuration;

public sealed class RateBudgetTests
{
    [Theory]
    [InlineData(10, 3, true)]    // worst case 8 polls/min x 4 = 32; 362 polls/h x 4 = 1448
    [InlineData(10, 4, false)]   // 362 x 5 = 1810 calls/hour
    [InlineData(300, 10, true)]
    public void Worst_case_calls_stay_within_the_documented_limits(int intervalSeconds, int maxRetries, bool allowed)
    {
        Assert.Equal(allowed, RateBudget.Allows(TimeSpan.FromSeconds(intervalSeconds), maxRetries));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    public void The_suggested_shortest_interval_is_allowed_and_one_second_less_is_not(int maxRetries)
    {
        var shortest = RateBudget.ShortestInterval(maxRetries)!.Value;

        Assert.True(RateBudget.Allows(shortest, maxRetries));
        Assert.True(shortest == TimeSpan.FromSeconds(10) || !RateBudget.Allows(shortest - TimeSpan.FromSeconds(1), maxRetries));
    }
}
