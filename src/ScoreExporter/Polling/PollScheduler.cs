using Microsoft.Extensions.Options;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;

namespace ScoreExporter.Polling;

/// <summary>
/// Polls every tenant's every collector once at start (bounded concurrency), then each on its own fixed-rate
/// schedule: start + phase + k x interval (k ≥ 1), the phase spreading tenants across the interval. Each slot holds
/// at most one poll and slots a slow poll overran are skipped, which is what <see cref="RateBudget"/> relies on.
/// </summary>
public sealed class PollScheduler(
    TenantRegistry registry,
    CollectorPoller poller,
    CollectorCatalog catalog,
    Readiness readiness,
    IOptions<DefenderOptions> options,
    TimeProvider time,
    ILogger<PollScheduler> logger) : BackgroundService
{
    private readonly DefenderOptions defender = options.Value;
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentPolls);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and Kestrel listen) before the first cycle's work begins.
        await Task.Yield();
        var collectors = registry.Collectors;
        PollLog.Started(logger, registry.Tenants.Count, defender.Shard ?? 0, defender.TotalShards,
            string.Join(", ", catalog.Enabled.Select(c => $"{c.Name} every {c.Interval:c}")), defender.MaxConcurrentPolls);
        var start = time.GetUtcNow();
        var firstPolls = collectors.Select(collector => PollInSlotAsync(collector, stoppingToken)).ToArray();
        await Task.WhenAll(firstPolls).ConfigureAwait(false);
        readiness.MarkReady();
        PollLog.FirstCycleDone(logger, time.GetUtcNow() - start, collectors.Count(c => c.Snapshot.Up), collectors.Count);

        await Task.WhenAll(collectors.Select(collector => RunScheduleAsync(collector, start, stoppingToken))).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        slots.Dispose();
        base.Dispose();
    }

    private async Task RunScheduleAsync(CollectorState collector, DateTimeOffset start, CancellationToken stoppingToken)
    {
        var interval = collector.Collector.Interval;
        var slot = start + collector.Phase + interval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = slot - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }

                await PollInSlotAsync(collector, stoppingToken).ConfigureAwait(false);
                slot = NextSlot(slot, interval, time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The slot after <paramref name="slot"/>; slots a slow poll overran entirely are skipped, not caught up.</summary>
    internal static DateTimeOffset NextSlot(DateTimeOffset slot, TimeSpan interval, DateTimeOffset now)
    {
        var next = slot + interval;
        if (next + interval <= now)
        {
            next += interval * Math.Floor((now - next) / interval);
        }

        return next;
    }

    private async Task PollInSlotAsync(CollectorState collector, CancellationToken stoppingToken)
    {
        try
        {
            await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await poller.PollAsync(collector, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-poll: nothing to record.
        }
        finally
        {
            slots.Release();
        }
    }
}
