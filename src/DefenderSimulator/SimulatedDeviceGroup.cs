namespace DefenderSimulator;

/// <summary>
/// A Defender device group (RBAC machine group) of a tenant: its name, optional id, and an exposure score (0-100)
/// that drifts slowly on its own phase, unless fixed with <see cref="SetScore"/>.
/// </summary>
public sealed class SimulatedDeviceGroup
{
    private const double Amplitude = 8;
    private static readonly TimeSpan RecomputeEvery = TimeSpan.FromMinutes(5);

    private readonly TimeProvider time;
    private readonly double baseScore;
    private readonly double phase;
    private FixedScore? fixedScore;

    internal SimulatedDeviceGroup(string name, int? id, double? score, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Id = id;
        this.time = time;
        phase = StableHash.Phase(name);
        baseScore = score ?? 20 + (StableHash.Of(name) % 5000 / 100.0);
    }

    /// <summary>The <c>rbacGroupName</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>rbacGroupId</c>; null leaves it out of the answer, as the documentation's example does.</summary>
    public int? Id { get; }

    /// <summary>
    /// The score served now, with <c>time</c> = now: Microsoft documents <c>time</c> as the time of the call.
    /// Drifting scores keep the service's many fractional digits (41.38041766305988).
    /// </summary>
    public (double Score, DateTimeOffset Time) CurrentScore
    {
        get
        {
            var now = time.GetUtcNow();
            if (Volatile.Read(ref fixedScore) is { } fixedValue)
            {
                return (fixedValue.Score, now);
            }

            var period = (long)RecomputeEvery.TotalSeconds;
            var bucket = now.ToUnixTimeSeconds() / period;
            return (Math.Clamp(baseScore + (Amplitude * Math.Sin((bucket / 9.0) + phase)), 0, 100), now);
        }
    }

    /// <summary>Fixes the score; drift stops for this group.</summary>
    public void SetScore(double score) => Volatile.Write(ref fixedScore, new FixedScore(score));

    private sealed record FixedScore(double Score);
}
