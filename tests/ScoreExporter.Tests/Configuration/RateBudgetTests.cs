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
        Assert.Equal(allowed, RateBudget.Allows(TimeSpan.FromSeconds(intervalSeconds), maxRetries, CallLimits.DefenderApi));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    public void The_suggested_shortest_interval_is_allowed_and_one_second_less_is_not(int maxRetries)
    {
        var shortest = RateBudget.ShortestInterval(maxRetries, CallLimits.DefenderApi)!.Value;

        Assert.True(RateBudget.Allows(shortest, maxRetries, CallLimits.DefenderApi));
        Assert.True(shortest == TimeSpan.FromSeconds(10) || !RateBudget.Allows(shortest - TimeSpan.FromSeconds(1), maxRetries, CallLimits.DefenderApi));
    }

    [Fact]
    public void Pages_after_the_first_count_against_the_hour_only_because_they_wait_for_room()
    {
        var paged = new PollSchedule(TimeSpan.FromMinutes(15), CallsPerPoll: 201);

        Assert.Equal(2 * 4, RateBudget.WorstCaseCalls(RateBudget.Minute, paged, maxRetries: 3));
        Assert.Equal(6 * 4 * 201, RateBudget.WorstCaseCalls(RateBudget.Hour, paged, maxRetries: 3));
        Assert.True(RateBudget.Allows([paged], 3, CallLimits.GraphSecurity));
        Assert.False(RateBudget.Allows([paged], 3, CallLimits.DefenderApi));
        Assert.True(RateBudget.PagesFit(paged, TimeSpan.FromMinutes(2), CallLimits.GraphSecurity));
        Assert.False(RateBudget.PagesFit(paged, TimeSpan.FromMinutes(1), CallLimits.GraphSecurity));
    }
}
