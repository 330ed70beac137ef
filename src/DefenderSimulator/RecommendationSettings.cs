namespace DefenderSimulator;

/// <summary>
/// A tenant's security recommendations (<c>GET /api/recommendations</c>): how many (hundreds by default, picked from
/// the tenant id), the most one page holds, and the seed recommendation <c>i</c> is generated from.
/// </summary>
public sealed class RecommendationSettings
{
    private int count;
    private int pageSize = DefenderPageRequest.MaxTop;

    internal RecommendationSettings(string tenantId)
    {
        Seed = (int)StableHash.Of("recommendations:" + tenantId);
        count = 150 + (int)((uint)Seed % 350);
    }

    public int Count
    {
        get => Volatile.Read(ref count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>The most recommendations one page holds, whatever <c>$top</c> asks for (default and at most 10,000): a small one forces <c>$skip</c> paging.</summary>
    public int PageSize
    {
        get => Volatile.Read(ref pageSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, DefenderPageRequest.MaxTop);
            Volatile.Write(ref pageSize, value);
        }
    }

    public int Seed { get; set; }
}
