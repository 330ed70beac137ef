using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;

namespace ScoreExporter.Polling;

/// <summary>
/// Polls every tenant once at start (bounded concurrency), then each tenant on its own fixed-rate schedule:
/// start + phase + k x interval (k ≥ 1), the phase spreading tenants across the interval. Each slot holds at
/// most one poll and slots a slow poll overran are skipped, which is what <see cref="RateBudget"/> relies on.
/// </summary>
public sealed class PollScheduler(
    TenantRegistry registry,
    TenantPoller poller,
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
        var tenants = registry.Tenants;
        PollLog.Started(logger, tenants.Count, defender.PollInterval, defender.MaxConcurrentPolls);
        var start = time.GetUtcNow();
        var firstPolls = tenants.Select(tenant => PollInSlotAsync(tenant, stoppingToken)).ToArray();
        await Task.WhenAll(firstPolls).ConfigureAwait(false);
        readiness.MarkReady();
        PollLog.FirstCycleDone(logger, time.GetUtcNow() - start, tenants.Count(t => t.Snapshot.Up), tenants.Count);

        await Task.WhenAll(tenants.Select(tenant => RunScheduleAsync(tenant, start, stoppingToken))).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        slots.Dispose();
        base.Dispose();
    }

    private async Task RunScheduleAsync(TenantState tenant, DateTimeOffset start, CancellationToken stoppingToken)
    {
        var interval = defender.PollInterval;
        var slot = start + tenant.Phase + interval;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = slot - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                }

                await PollInSlotAsync(tenant, stoppingToken).ConfigureAwait(false);
                slot = NextSlot(slot, interval, time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>The slot after <paramref name="slot"/>; slots a slow poll overran entirely are skipped, not caught up.</summary>
    private static DateTimeOffset NextSlot(DateTimeOffset slot, TimeSpan interval, DateTimeOffset now)
    {
        var next = slot + interval;
        if (next + interval <= now)
        {
            next += interval * Math.Floor((now - next) / interval);
        }

        return next;
    }

    private async Task PollInSlotAsync(TenantState tenant, CancellationToken stoppingToken)
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
            await poller.PollAsync(tenant, stoppingToken).ConfigureAwait(false);
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
