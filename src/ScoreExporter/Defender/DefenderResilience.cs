using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>
/// The API client's Polly pipeline, one instance per tenant and endpoint (so each has its own circuit breaker):
/// retries with exponential backoff and jitter that honour Retry-After, a breaker, and a per-attempt timeout.
/// </summary>
public static class DefenderResilience
{
    public const string PipelineName = "defender-api";

    /// <summary>The reason of the last attempt that was retried, on the request's options.</summary>
    public static readonly HttpRequestOptionsKey<FailureReason> LastFailureKey = new("ScoreExporter.LastFailure");

    /// <summary>
    /// Builds the pipeline of one tenant and endpoint; <paramref name="scheduleOf"/> gives the endpoint's poll interval
    /// and timeout from its name, which the breaker and the retry budget are sized by.
    /// </summary>
    public static void Configure(
        ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context, Func<string, (TimeSpan Interval, TimeSpan PollTimeout)> scheduleOf)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<DefenderOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        var circuits = context.ServiceProvider.GetRequiredService<OpenCircuits>();
        var key = context.InstanceName;
        var (pollInterval, pollTimeout) = scheduleOf(key[(key.LastIndexOf('\u001f') + 1)..]);

        // Polly keeps to the system clock unless told; backoff and timeouts must follow the host's clock.
        pipeline.TimeProvider = time;

        // A Retry-After that does not fit in this poll is honoured by skipping polls instead (see DefenderApiClient).
        var longestWait = pollTimeout / 2;
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = longestWait,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, longestWait, time)),
                OnRetry = args =>
                {
                    // Remembered so that a poll cut short by its timeout while waiting to retry is counted
                    // under the failure it was retrying, not as a timeout.
                    args.Context.GetRequestMessage()?.Options.Set(LastFailureKey, FailureOf(args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        // Opens once a second poll in a row fails (more attempts than one poll makes, every one failed), skips the next
        // poll, then lets one attempt probe the tenant. Not "two polls' worth of attempts": a poll timeout often cuts
        // the last backoff short, and the breaker then opened a poll or two late, or never in a short interval.
        var attemptsPerPoll = options.MaxRetries + 1;
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 1.0,
            MinimumThroughput = attemptsPerPoll + 1,
            SamplingDuration = Clamp(pollInterval * 2.5),
            // Half an interval past the next slot: a break of exactly one interval ended just as the next poll began,
            // so every poll still probed the dead tenant. This way one poll is skipped and the one after probes.
            BreakDuration = Clamp(pollInterval * 1.5),
            OnOpened = args =>
            {
                circuits.Opened(key, FailureOf(args.Outcome));
                return ValueTask.CompletedTask;
            },
        });

        pipeline.AddTimeout(options.RequestTimeout < pollTimeout ? options.RequestTimeout : pollTimeout);
    }

    /// <summary>Each tenant and endpoint gets its own pipeline instance, keyed by what the request carries.</summary>
    public static Func<HttpRequestMessage, string> PipelineKey(IServiceProvider _) => DefenderRequestOptions.PipelineKey;

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan longestWait, TimeProvider time)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        return outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests } response
            || DefenderClient.RetryAfter(response, time.GetUtcNow()) is not { } wait
            || wait <= longestWait;
    }

    private static FailureReason FailureOf(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => FailureReasons.FromStatus((int)response.StatusCode),
        { Exception: { } exception } => FailureReasons.FromException(exception).Reason,
        _ => FailureReason.Network,
    };

    private static TimeSpan Clamp(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : value > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : value;
}
