using ScoreExporter.Collectors;
using ScoreExporter.Defender;

namespace ScoreExporter.Polling;

/// <summary>
/// Runs one poll of one tenant's collector and records its outcome. Never throws into the host: all but shutdown
/// is caught and logged once, and the previous samples are kept. A failure of the API is counted under its reason; a
/// fault of the exporter's own (an unexpected exception) fails the poll but is counted under none, as no reason fits.
/// </summary>
public sealed class CollectorPoller(DefenderClient client, TimeProvider time, ILogger<CollectorPoller> logger)
{
    public async Task PollAsync(CollectorState state, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        state.CountPoll();
        CollectResult result;
        try
        {
            result = await CollectAsync(state, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                RecordCrash(state, e, time.GetElapsedTime(started).TotalSeconds);
            }

            return;
        }

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
    }

    private void RecordCrash(CollectorState state, Exception e, double seconds)
    {
        PollLog.Crashed(logger, state.Tenant.Name, state.Name, e);

        // The type only: an exception's message may quote a body or a setting.
        var detail = $"exporter error: {e.GetType().Name}";
        state.Publish(state.Snapshot with { LastAttempt = time.GetUtcNow(), LastPollFailed = true, LastFailure = null, LastFailureDetail = detail, LastDurationSeconds = seconds });
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
            state.Publish(previous with { LastAttempt = now, LastPollFailed = true, LastFailure = failure.Reason, LastFailureDetail = failure.Detail, LastDurationSeconds = seconds });
            PollLog.Failed(logger, state.Tenant.Name, state.Name, failure.Reason.Label(), failure.Detail);
            return;
        }

        state.Publish(new CollectorSnapshot(result.Samples, now, now, false, null, null, seconds));
        if (previous.LastPollFailed)
        {
            PollLog.Recovered(logger, state.Tenant.Name, state.Name, result.Samples.Count);
        }
        else
        {
            PollLog.Succeeded(logger, state.Tenant.Name, state.Name, result.Samples.Count);
        }
    }
}
