using ScoreExporter.Polling;

namespace ScoreExporter.Tests.Polling;

/// <summary>The rate guarantee rests on one poll per slot: slots a late poll overran are skipped, never caught up.</summary>
public sealed class PollSlotTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_poll_that_ends_in_time_is_followed_by_the_next_slot()
    {
        Assert.Equal(Start + Interval, PollScheduler.NextSlot(Start, Interval, Start + TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void A_poll_that_hangs_for_several_intervals_is_followed_by_one_poll_not_a_burst_of_catch_ups()
    {
        var now = Start + (Interval * 3.5);

        // The slots at 1, 2 (and the poll's own) are gone; the slot it ended in (3) gets its one poll, late.
        var late = PollScheduler.NextSlot(Start, Interval, now);
        var after = PollScheduler.NextSlot(late, Interval, now + TimeSpan.FromSeconds(1));

        Assert.Equal(Start + (Interval * 3), late);
        Assert.Equal(Start + (Interval * 4), after);
    }

    [Fact]
    public void A_poll_that_ends_inside_the_next_slot_runs_that_slot_at_once_and_no_more()
    {
        var now = Start + (Interval * 1.2);

        Assert.Equal(Start + Interval, PollScheduler.NextSlot(Start, Interval, now));
        Assert.Equal(Start + (Interval * 2), PollScheduler.NextSlot(Start + Interval, Interval, now + TimeSpan.FromSeconds(1)));
    }
}
