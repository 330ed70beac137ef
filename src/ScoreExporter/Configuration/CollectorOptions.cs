namespace ScoreExporter.Configuration;

/// <summary>
/// <c>Defender:Collectors:&lt;Name&gt;</c>: switches one collector on or off and sets its own poll interval.
/// Unset values take the collector's defaults.
/// </summary>
public sealed class CollectorOptions
{
    public bool? Enabled { get; set; }

    public TimeSpan? PollInterval { get; set; }
}
