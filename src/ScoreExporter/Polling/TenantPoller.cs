using Microsoft.Extensions.Options;
using ScoreExporter.Api;
using ScoreExporter.Configuration;
using ScoreExporter.Metrics;

namespace ScoreExporter.Polling;

/// <summary>
/// Runs one poll of one tenant and records its outcome. Never throws into the host: all but shutdown is caught,
/// counted under its reason, logged once, and the previous score is kept.
/// </summary>
public sealed class TenantPoller(
    DefenderApiClient api,
    ExporterMetrics metrics,
    IOptions<DefenderOptions> options,
    TimeProvider time,
    ILogger<TenantPoller> logger)
{
    private readonly TimeSpan pollTimeout = options.Value.EffectivePollTimeout;

    public async Task PollAsync(TenantState tenant, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        tenant.CountPoll();
        PollResult result;
        try
        {
            using var timeout = new CancellationTokenSource(pollTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            result = await api.FetchAsync(tenant, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            result = PollResult.Failed(FailureReason.Timeout, $"poll took longer than {pollTimeout}");
        }
        catch (Exception e)
        {
            PollLog.Crashed(logger, tenant.Name, e);
            result = PollResult.Failed(FailureReason.InvalidResponse, "unexpected error");
        }

        if (stoppingToken.IsCancellationRequested)
        {
            // Interrupted by shutdown: not an outcome worth counting.
            return;
        }

        metrics.RecordPollDuration(tenant, time.GetElapsedTime(started).TotalSeconds);
        Record(tenant, result);
    }

    private void Record(TenantState tenant, PollResult result)
    {
        var now = time.GetUtcNow();
        var previous = tenant.Snapshot;
        if (result.Failure is { } reason)
        {
            tenant.CountError(reason);
            tenant.Publish(previous with { LastAttempt = now, LastFailure = reason, LastFailureDetail = result.Detail });
            PollLog.Failed(logger, tenant.Name, reason.Label(), result.Detail ?? string.Empty);
            return;
        }

        tenant.Publish(new TenantSnapshot(result.Score, result.Time, now, now, null, null));
        if (previous.LastFailure is not null)
        {
            PollLog.Recovered(logger, tenant.Name, result.Score, result.Time);
        }
        else
        {
            PollLog.Succeeded(logger, tenant.Name, result.Score, result.Time);
        }
    }
}
