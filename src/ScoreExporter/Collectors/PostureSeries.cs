namespace ScoreExporter.Collectors;

/// <summary>
/// A series a collector publishes, declared by the collector itself: Metrics/ makes one instrument of each and sizes
/// its series bound from <see cref="MaxPerTenant"/>, so no collector's series can be merged into the SDK's overflow.
/// </summary>
/// <param name="Name">The metric name, e.g. <c>defender_exposure_score</c>.</param>
/// <param name="Help">The HELP text; says the value is from the last poll.</param>
/// <param name="Labels">Label names after <c>tenant</c>, in the order a sample gives their values.</param>
/// <param name="MaxPerTenant">The most series one tenant can produce; the collector's bounds guarantee it.</param>
/// <param name="Unit">The unit, e.g. <c>s</c> for a timestamp.</param>
/// <param name="KeptWhenStale">Published even after <c>StaleAfter</c> without a success (e.g. a timestamp).</param>
public sealed record PostureSeries(string Name, string Help, string[] Labels, int MaxPerTenant = 1, string? Unit = null, bool KeptWhenStale = false)
{
    /// <summary>Ends every posture HELP text: a scrape never reaches Microsoft.</summary>
    public const string FromLastPoll = " (as of the last successful poll)";
}

/// <summary>One value a collector read, with the label values its series takes beyond the tenant.</summary>
public sealed record Sample(PostureSeries Series, double Value, string[] Labels)
{
    public static Sample Of(PostureSeries series, double value) => new(series, value, []);
}
