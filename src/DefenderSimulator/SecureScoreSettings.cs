namespace DefenderSimulator;

/// <summary>
/// A tenant's Microsoft Secure Score on Graph (<c>/v1.0/security/secureScores</c> and <c>secureScoreControlProfiles</c>).
/// Snapshots are generated from (<see cref="Seed"/>, day): one a day at midnight UTC, newest first, the same on every
/// request and run.
/// </summary>
public sealed class SecureScoreSettings
{
    private volatile bool hasSnapshot = true;
    private volatile string? unknownCategory;
    private int days = 90;
    private int profilePageSize = 50;

    internal SecureScoreSettings(string tenantId) => Seed = (int)StableHash.Of("securescore:" + tenantId);

    /// <summary>False: the tenant has no snapshot yet (a new tenant's first day), so the list is <c>"value":[]</c>.</summary>
    public bool HasSnapshot
    {
        get => hasSnapshot;
        set => hasSnapshot = value;
    }

    /// <summary>How many daily snapshots the list holds (default 90, as Microsoft keeps).</summary>
    public int Days
    {
        get => Volatile.Read(ref days);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref days, value);
        }
    }

    /// <summary>
    /// A category Microsoft might add one day (e.g. <c>Cloud</c>): two more controls of that category appear in
    /// snapshots and profiles. Null (default): none.
    /// </summary>
    public string? UnknownCategory
    {
        get => unknownCategory;
        set => unknownCategory = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Control profiles per page (default 50, so the catalogue takes two pages); <c>$top</c> asks for fewer.</summary>
    public int ProfilePageSize
    {
        get => Volatile.Read(ref profilePageSize);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref profilePageSize, value);
        }
    }

    /// <summary>Picks each control's score; defaults to a hash of the tenant id.</summary>
    public int Seed { get; set; }

    /// <summary>The controls this tenant's snapshots score.</summary>
    internal IReadOnlyList<SecureControl> ScoredControls =>
        UnknownCategory is { } category ? [.. SecureControlCatalog.Scored, .. SecureControlCatalog.InCategory(category)] : SecureControlCatalog.Scored;

    /// <summary>The control profiles this tenant lists: every control, deprecated ones too.</summary>
    internal IReadOnlyList<SecureControl> Profiles =>
        UnknownCategory is { } category ? [.. SecureControlCatalog.All, .. SecureControlCatalog.InCategory(category)] : SecureControlCatalog.All;

    /// <summary>
    /// The points control <paramref name="index"/> scores on <paramref name="day"/> (days since the Unix epoch): most
    /// controls fully or partly done, some not at all, moving a little from day to day.
    /// </summary>
    internal double ControlScore(SecureControl control, int index, long day)
    {
        var roll = StableHash.Mix(Seed, index, 41) % 100;
        var wobble = (StableHash.Mix(Seed, (index * 100_003L) + day, 42) % 5) / 100.0;
        var share = roll switch
        {
            < 35 => 1.0,
            < 60 => 0.0,
            _ => Math.Clamp((roll / 100.0) - 0.3 + wobble, 0, 1),
        };
        return Math.Round(control.MaxScore * share, 2);
    }
}
