using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace ScoreExporter.Tests.Infrastructure;

/// <summary>
/// A fake clock that also tells which waits were started on it, so a test can see a wait begin (a positive signal)
/// instead of sleeping to show that nothing happened.
/// </summary>
public sealed class TimerRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<TimeSpan> dueTimes = new();

    /// <summary>The due time of every timer created so far, relative to when it was created.</summary>
    public IReadOnlyCollection<TimeSpan> DueTimes => dueTimes;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        dueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
