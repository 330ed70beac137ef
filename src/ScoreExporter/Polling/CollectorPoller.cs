using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// Runs one poll of one tenant's collector and records its outcome. Never throws into the host: all but shutdown
/// is caught, counted under its reason, logged once, and the previous samples are kept.
/// </summary>
public sealed class CollectorPoller(DefenderClient client, TimeProvider time, ILogger<CollectorPoller> logger)
{
    public async Task PollAsync(CollectorState state, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        state.CountPoll();
        var result = await CollectAsync(state, stoppingToken).ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested)
        {
            // Interrupted by shutdown: not an outcome worth counting.
            return;
        }

        Record(state, result, time.GetElapsedTime(started).TotalSeconds);
    }

    private async Task<CollectResult> CollectAsync(CollectorState state, CancellationToken stoppingToken)
    {
        var collector = state.Collector;
        if (state.ThrottledUntil > time.GetUtcNow())
        {
            return CollectResult.Failed(FailureReason.Throttled, $"honouring Retry-After until {state.ThrottledUntil:u}");
        }

        try
        {
            using var timeout = new CancellationTokenSource(collector.PollTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            var call = new CollectorCall(client, state.Tenant.Caller, collector, time);
            return await collector.Collector.CollectAsync(call, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return CollectResult.Failed(FailureReason.Timeout, "shutting down");
        }
        catch (OperationCanceledException)
        {
            return CollectResult.Failed(FailureReason.Timeout, $"poll took longer than {collector.PollTimeout}");
        }
        catch (Exception e)
        {
            PollLog.Crashed(logger, state.Tenant.Name, state.Name, e);
            return CollectResult.Failed(FailureReason.InvalidResponse, "unexpected error");
        }
    }

    private void Record(CollectorState state, CollectResult result, double seconds)
    {
        var now = time.GetUtcNow();
        var previous = state.Snapshot;
        if (result.Failure is { } failure)
        {
            if (failure.RetryAfter is { } wait)
            {
                state.ThrottledUntil = now + wait;
            }

            state.CountError(failure.Reason);
            state.Publish(previous with { LastAttempt = now, LastFailure = failure.Reason, LastFailureDetail = failure.Detail, LastDurationSeconds = seconds });
            PollLog.Failed(logger, state.Tenant.Name, state.Name, failure.Reason.Label(), failure.Detail);
            return;
        }

        state.Publish(new CollectorSnapshot(result.Samples, now, now, null, null, seconds));
        if (previous.LastFailure is not null)
        {
            PollLog.Recovered(logger, state.Tenant.Name, state.Name, result.Samples.Count);
        }
        else
        {
            PollLog.Succeeded(logger, state.Tenant.Name, state.Name, result.Samples.Count);
        }
    }
}
