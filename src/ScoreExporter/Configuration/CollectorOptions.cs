namespace ScoreExporter.Configuration;

/// <summary>
/// <c>Defender:Collectors:&lt;Name&gt;</c>: switches one collector on or off and sets its own poll interval.
/// Unset values take the collector's defaults.
/// </summary>
public sealed class CollectorOptions
{
    public bool? Enabled { get; set; }

    public TimeSpan? PollInterval { get; set; }

    /// <summary><c>SecureScore</c> only: also publish each control's points and maximum.</summary>
    public bool? PerControl { get; set; }

    /// <summary><c>Recommendations</c> only: how many recommendations get series of their own (0 = none).</summary>
    public int? TopN { get; set; }
}
