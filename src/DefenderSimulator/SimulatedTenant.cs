using System.Security.Cryptography.X509Certificates;

namespace DefenderSimulator;

/// <summary>One Defender tenant: its app credentials, its score, the faults it is told to show, and its request counts.</summary>
public sealed class SimulatedTenant
{
    private static readonly TimeSpan RecomputeEvery = TimeSpan.FromMinutes(5);

    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly double baseScore;
    private (double Score, DateTimeOffset Time)? fixedScore;
    private FaultSlot<ApiFault> apiFault;
    private FaultSlot<TokenFault> tokenFault;
    private int apiRequests;
    private int tokenRequests;

    internal SimulatedTenant(string tenantId, string clientId, string? clientSecret, double score, TimeProvider time)
    {
        TenantId = tenantId;
        ClientId = clientId;
        ClientSecret = clientSecret;
        baseScore = score;
        this.time = time;
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

    public void EnableDrift()
    {
        lock (gate)
        {
            fixedScore = null;
        }
    }

    /// <summary>Makes the API misbehave for the next <paramref name="times"/> requests, or until cleared (null fault).</summary>
    public void SetApiFault(ApiFault? fault, int? times = null)
    {
        lock (gate)
        {
            apiFault = new FaultSlot<ApiFault>(fault, times);
        }
    }

    public void SetTokenFault(TokenFault? fault, int? times = null)
    {
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

    internal ApiFault? TakeApiFault()
    {
        Interlocked.Increment(ref apiRequests);
        lock (gate)
        {
            return apiFault.Take(out apiFault);
        }
    }

    internal TokenFault? TakeTokenFault()
    {
        Interlocked.Increment(ref tokenRequests);
        lock (gate)
        {
            return tokenFault.Take(out tokenFault);
        }
    }

    internal void CountUnauthenticatedApiRequest() => Interlocked.Increment(ref apiRequests);

    // A slow walk that changes every few minutes, so dashboards move in a demo without looking random.
    private (double, DateTimeOffset) Drifted(DateTimeOffset now)
    {
        var bucket = now.ToUnixTimeSeconds() / (long)RecomputeEvery.TotalSeconds;
        var computedAt = DateTimeOffset.FromUnixTimeSeconds(bucket * (long)RecomputeEvery.TotalSeconds);
        var score = baseScore + (25 * Math.Sin(bucket / 12.0)) + (8 * Math.Sin(bucket / 3.7));
        return (Math.Round(Math.Max(0, score), 2), computedAt);
    }

    /// <summary>A fault with how many more requests it applies to (null: until cleared).</summary>
    private readonly record struct FaultSlot<T>(T? Fault, int? Remaining)
        where T : class
    {
        public T? Take(out FaultSlot<T> next)
        {
            next = this;
            if (Fault is null)
            {
                return null;
            }

            if (Remaining is null)
            {
                return Fault;
            }

            next = Remaining > 1 ? this with { Remaining = Remaining - 1 } : default;
            return Fault;
        }
    }
}
