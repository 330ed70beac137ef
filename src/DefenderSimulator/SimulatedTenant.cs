using System.Security.Cryptography.X509Certificates;

namespace DefenderSimulator;

/// <summary>
/// One Defender tenant: its app credentials, its score, its device groups and machines, the faults it is told to
/// show (for every endpoint or one), and its request counts.
/// </summary>
public sealed class SimulatedTenant
{
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly double baseScore;
    private readonly double phase;
    private readonly FaultSlot<ApiFault>[] endpointFaults = new FaultSlot<ApiFault>[DefenderEndpoints.All.Count];
    private readonly FaultSlot<ApiFault>[] surfaceFaults = new FaultSlot<ApiFault>[Enum.GetValues<ApiSurface>().Length];
    private (double Score, DateTimeOffset Time)? fixedScore;
    private Drift drift = Drift.Default;
    private FaultSlot<ApiFault> apiFault;
    private SimulatedDeviceGroup[] deviceGroups = [];
    private FaultSlot<TokenFault> tokenFault;
    private int apiRequests;
    private int tokenRequests;
    private CachedBody? cachedBody;

    internal SimulatedTenant(string tenantId, string clientId, string? clientSecret, double score, TimeProvider time)
    {
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
        baseScore = score;
        phase = StableHash.Phase(tenantId);
        this.time = time;
        Machines = new MachineInventory(tenantId);
        SecureScore = new SecureScoreSettings(tenantId);
        Incidents = new IncidentSettings(tenantId);
        Recommendations = new RecommendationSettings(tenantId);
        Antivirus = new AntivirusInventory(tenantId);
    }

    public string TenantId { get; }

    public string ClientId { get; }

    /// <summary>The accepted client secret; set a new one to rotate it.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The public certificate that client assertions (RS256/PS256 JWTs) must be signed by.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>An accepted workload-identity assertion (exact match).</summary>
    public string? FederatedToken { get; set; }

    public int ApiRequestCount => Volatile.Read(ref apiRequests);

    public int TokenRequestCount => Volatile.Read(ref tokenRequests);

    /// <summary>The machines <c>GET /api/machines</c> serves: how many, what an empty tenant answers, the seed.</summary>
    public MachineInventory Machines { get; }

    /// <summary>The Microsoft Secure Score Graph serves: whether a snapshot exists, how many days, an unknown category, page size.</summary>
    public SecureScoreSettings SecureScore { get; }

    /// <summary>The incidents Graph serves: how many open and resolved, the page size.</summary>
    public IncidentSettings Incidents { get; }

    /// <summary>The security recommendations <c>GET /api/recommendations</c> serves.</summary>
    public RecommendationSettings Recommendations { get; }

    /// <summary>The antivirus health rows <c>GET /api/deviceavinfo</c> serves.</summary>
    public AntivirusInventory Antivirus { get; }

    /// <summary>The device groups <c>GET /api/exposureScore/ByMachineGroups</c> serves, in the order added.</summary>
    public IReadOnlyList<SimulatedDeviceGroup> DeviceGroups => Volatile.Read(ref deviceGroups);

    /// <summary>Tokens issued before this generation are refused by the API.</summary>
    internal int TokenGeneration { get; private set; }

    /// <summary>The score the API returns now: fixed by <see cref="SetScore"/>, or drifting slowly over time.</summary>
    public (double Score, DateTimeOffset Time) CurrentScore
    {
        get
        {
            lock (gate)
            {
                return fixedScore ?? Drifted(time.GetUtcNow());
            }
        }
    }

    /// <summary>Fixes the score and its computation time; drift stops until <see cref="EnableDrift"/>.</summary>
    public void SetScore(double score, DateTimeOffset computedAt)
    {
        lock (gate)
        {
            fixedScore = (score, computedAt);
        }
    }

    /// <summary>
    /// Lets the score drift again (the default): recomputed every <paramref name="recomputeEvery"/> (default five
    /// minutes), moving up to <paramref name="amplitude"/> points around the starting score, with <c>time</c> set to
    /// when it was recomputed, as the real service does. Each tenant drifts on its own phase.
    /// </summary>
    public void EnableDrift(TimeSpan? recomputeEvery = null, double amplitude = 30)
    {
        var every = recomputeEvery ?? Drift.DefaultRecomputeEvery;
        ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromSeconds(1), nameof(recomputeEvery));
        ArgumentOutOfRangeException.ThrowIfNegative(amplitude);
        lock (gate)
        {
            fixedScore = null;
            drift = new Drift(every, amplitude);
        }
    }

    /// <summary>
    /// Makes every API endpoint misbehave for the next <paramref name="times"/> requests (counted across endpoints),
    /// or until cleared (null fault). A fault set for one endpoint takes precedence on that endpoint.
    /// </summary>
    public void SetApiFault(ApiFault? fault, int? times = null)
    {
        ThrowIfNotPositive(times);
        lock (gate)
        {
            apiFault = new FaultSlot<ApiFault>(fault, times);
        }
    }

    /// <summary>
    /// Makes one endpoint misbehave for its next <paramref name="times"/> requests, or until cleared (null fault);
    /// the other endpoints answer normally. It takes precedence over a fault set for every endpoint.
    /// </summary>
    public void SetApiFault(DefenderEndpoint endpoint, ApiFault? fault, int? times = null)
    {
        ThrowIfNotPositive(times);
        lock (gate)
        {
            endpointFaults[(int)endpoint] = new FaultSlot<ApiFault>(fault, times);
        }
    }

    /// <summary>
    /// Makes every endpoint of one surface (Defender or Graph) misbehave for their next <paramref name="times"/> requests
    /// (counted across them), or until cleared (null fault). An endpoint's own fault takes precedence; this one takes
    /// precedence over a fault set for every endpoint.
    /// </summary>
    public void SetApiFault(ApiSurface surface, ApiFault? fault, int? times = null)
    {
        ThrowIfNotPositive(times);
        lock (gate)
        {
            surfaceFaults[(int)surface] = new FaultSlot<ApiFault>(fault, times);
        }
    }

    /// <summary>Clears the API faults of every endpoint and surface, and the one for all endpoints.</summary>
    public void ClearApiFaults()
    {
        lock (gate)
        {
            apiFault = default;
            Array.Clear(endpointFaults);
            Array.Clear(surfaceFaults);
        }
    }

    /// <summary>
    /// Adds a device group (names are unique, compared exactly). Its score drifts a few points around
    /// <paramref name="score"/> (null: one picked from the name); <see cref="SimulatedDeviceGroup.SetScore"/> fixes it.
    /// </summary>
    public SimulatedDeviceGroup AddDeviceGroup(string name, int? id = null, double? score = null)
    {
        var group = new SimulatedDeviceGroup(name, id, score, time);
        lock (gate)
        {
            if (deviceGroups.Any(g => g.Name == name))
            {
                throw new ArgumentException($"Device group '{name}' already exists.", nameof(name));
            }

            Volatile.Write(ref deviceGroups, [.. deviceGroups, group]);
        }

        return group;
    }

    /// <summary>Removes a device group: it disappears from the group scores, and its machines become ungrouped.</summary>
    public bool RemoveDeviceGroup(string name)
    {
        lock (gate)
        {
            var kept = deviceGroups.Where(g => g.Name != name).ToArray();
            var removed = kept.Length != deviceGroups.Length;
            Volatile.Write(ref deviceGroups, kept);
            return removed;
        }
    }

    /// <summary>Removes every device group.</summary>
    public void ClearDeviceGroups()
    {
        lock (gate)
        {
            Volatile.Write(ref deviceGroups, []);
        }
    }

    /// <summary>Makes the token endpoint misbehave for the next <paramref name="times"/> requests, or until cleared (null fault).</summary>
    public void SetTokenFault(TokenFault? fault, int? times = null)
    {
        ThrowIfNotPositive(times);
        lock (gate)
        {
            tokenFault = new FaultSlot<TokenFault>(fault, times);
        }
    }

    /// <summary>Every token issued so far is refused from now on, as after a revoked consent or rotated key.</summary>
    public void RevokeIssuedTokens()
    {
        lock (gate)
        {
            TokenGeneration++;
        }
    }

    internal ApiFault? TakeApiFault(DefenderEndpoint endpoint)
    {
        Interlocked.Increment(ref apiRequests);
        lock (gate)
        {
            ref var targeted = ref endpointFaults[(int)endpoint];
            if (targeted.Fault is not null)
            {
                return FaultSlot<ApiFault>.Take(ref targeted);
            }

            ref var surface = ref surfaceFaults[(int)endpoint.Surface()];
            return surface.Fault is not null ? FaultSlot<ApiFault>.Take(ref surface) : FaultSlot<ApiFault>.Take(ref apiFault);
        }
    }

    internal TokenFault? TakeTokenFault()
    {
        Interlocked.Increment(ref tokenRequests);
        lock (gate)
        {
            return FaultSlot<TokenFault>.Take(ref tokenFault);
        }
    }

    internal void CountUnauthenticatedApiRequest() => Interlocked.Increment(ref apiRequests);

    /// <summary>The exposure score (0-100) that goes with the secure score: a better configuration, less exposure.</summary>
    internal (double Score, DateTimeOffset Time) CurrentExposureScore
    {
        get
        {
            var (score, at) = CurrentScore;
            return (Math.Round(Math.Clamp(100 - (score / 10), 0, 100), 2), at);
        }
    }

    /// <summary>The API body for the current score, rebuilt only when the score changes (many requests, few changes).</summary>
    internal byte[] ScoreBody(Func<double, DateTimeOffset, byte[]> render)
    {
        var (score, at) = CurrentScore;
        var cached = Volatile.Read(ref cachedBody);
        if (cached is null || cached.Score != score || cached.Time != at)
        {
            cached = new CachedBody(score, at, render(score, at));
            Volatile.Write(ref cachedBody, cached);
        }

        return cached.Body;
    }

    private static void ThrowIfNotPositive(int? times)
    {
        if (times is { } count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(times));
        }
    }

    // A slow walk that changes every few minutes, so dashboards move in a demo without looking random.
    private (double, DateTimeOffset) Drifted(DateTimeOffset now)
    {
        var period = (long)drift.RecomputeEvery.TotalSeconds;
        var bucket = now.ToUnixTimeSeconds() / period;
        var computedAt = DateTimeOffset.FromUnixTimeSeconds(bucket * period);
        var wave = (0.75 * Math.Sin((bucket / 12.0) + phase)) + (0.25 * Math.Sin((bucket / 3.7) + (2 * phase)));
        return (Math.Round(Math.Max(0, baseScore + (drift.Amplitude * wave)), 2), computedAt);
    }

    private sealed record CachedBody(double Score, DateTimeOffset Time, byte[] Body);

    private readonly record struct Drift(TimeSpan RecomputeEvery, double Amplitude)
    {
        public const double DefaultAmplitude = 30;

        public static readonly TimeSpan DefaultRecomputeEvery = TimeSpan.FromMinutes(5);

        public static Drift Default => new(DefaultRecomputeEvery, DefaultAmplitude);
    }

    /// <summary>A fault with how many more requests it applies to (null: until cleared).</summary>
    private readonly record struct FaultSlot<T>(T? Fault, int? Remaining)
        where T : class
    {
        /// <summary>The fault for this request, and the slot to keep for the next ones.</summary>
        public static T? Take(ref FaultSlot<T> slot)
        {
            var (fault, remaining) = slot;
            if (remaining is > 1)
            {
                slot = new FaultSlot<T>(fault, remaining - 1);
            }
            else if (remaining is not null)
            {
                slot = default;
            }

            return fault;
        }
    }
}
