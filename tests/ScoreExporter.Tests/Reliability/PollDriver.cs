using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ScoreExporter.Polling;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Reliability;

/// <summary>
/// Drives a fake clock until a tenant finishes its next poll: whole seconds until the poll starts (nothing inside it
/// can be skipped over yet), then quarter seconds so backoffs and timeouts play out in order.
/// </summary>
internal static class PollDriver
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    /// <param name="beforeStep">Called before each step of the clock, e.g. to end a fault between two attempts.</param>
    /// <param name="holdTheClockDuringThePoll">
    /// Stops the clock once the poll has started, so work that waits on real time (Azure.Identity's own retry
    /// delays) plays out as in production instead of racing a fast-forwarded poll timeout.
    /// </param>
    /// <returns>The fake time at which the poll started.</returns>
    public static async Task<DateTimeOffset> PollOnceAsync(FakeTimeProvider time, CollectorState tenant, Action? beforeStep = null, bool holdTheClockDuringThePoll = false)
    {
        var target = tenant.CompletedPolls + 1;
        var startedPolls = tenant.Polls;
        // The first poll needs no slot: it runs as soon as the host starts.
        DateTimeOffset? started = tenant.Polls >= target || tenant.CompletedPolls == 0 ? time.GetUtcNow() : null;
        var clock = Stopwatch.StartNew();
        while (tenant.CompletedPolls < target)
        {
            if (clock.Elapsed > Eventually.DefaultTimeout)
            {
                throw new TimeoutException($"{tenant.Name}: poll {target} did not finish; fake time {time.GetUtcNow():o}");
            }

            beforeStep?.Invoke();
            if (started is null || !holdTheClockDuringThePoll)
            {
                time.Advance(started is null ? WaitStep : Step);
            }

            // Pacing, not waiting: lets the work the new time released (HTTP on loopback) run before the next step.
            await Task.Delay(15);
            if (started is null && tenant.Polls > startedPolls)
            {
                started = time.GetUtcNow();
            }
        }

        return started ?? tenant.Snapshot.LastAttempt!.Value;
    }
}
