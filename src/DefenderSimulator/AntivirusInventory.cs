namespace DefenderSimulator;

/// <summary>
/// A tenant's antivirus health rows (<c>GET /api/deviceavinfo</c>): one per device, generated from (<see cref="Seed"/>, i),
/// spread over the tenant's device groups like its machines. Nothing is stored.
/// </summary>
public sealed class AntivirusInventory
{
    private int? count;
    private int pageSize = DefenderPageRequest.MaxTop;

    internal AntivirusInventory(string tenantId) => Seed = (int)StableHash.Of("deviceavinfo:" + tenantId);

    /// <summary>How many rows; null (default) follows the tenant's machine count.</summary>
    public int? Count
    {
        get => count;
        set
        {
            if (value is { } rows)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(rows);
            }

            count = value;
        }
    }

    /// <summary>The most rows one page holds, whatever <c>$top</c> asks for (default and at most 10,000).</summary>
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
