namespace ScoreExporter.Collectors;

/// <summary>
/// Security recommendations summed while the listing streams by, without keeping any but the top few: those with an
/// exposed device counted (and their exposed devices summed) per category, remediation type, status and public
/// exploit; the Active ones' score and exposure impact summed per category; and the <c>topN</c> Active ones with the
/// highest exposure impact. Enum values take their documented spelling whatever casing arrives; unknown ones are kept
/// under their own bounded value, and combinations past <see cref="MaxCombinations"/> under <see cref="LabelValue.Other"/>.
/// </summary>
public sealed class RecommendationTally(int topN)
{
    public const int MaxEnumValues = 12;
    public const int MaxCombinations = 500;
    public const string Active = "Active";

    private static readonly ExposedKey Overflow = new(LabelValue.Other, LabelValue.Other, LabelValue.Other, LabelValue.Other);

    private readonly BoundedLabel categories = new(MaxEnumValues, EnumLabel.UpperFirst("Accounts", "Application", "Network", "OS", "SecurityControls"));
    private readonly BoundedLabel remediations = new(MaxEnumValues, EnumLabel.UpperFirst("ConfigurationChange", "Update", "Upgrade", "Uninstall"));
    private readonly BoundedLabel statuses = new(MaxEnumValues, EnumLabel.UpperFirst(Active, "Exception"));
    private readonly Dictionary<ExposedKey, (long Recommendations, long Devices)> exposed = [];
    private readonly Dictionary<string, (double Score, double Exposure)> impact = new(StringComparer.Ordinal);
    private readonly TopRecommendations top = new(topN);

    /// <summary>Why the listing is not a valid answer (a negative number), or null.</summary>
    public string? Problem { get; private set; }

    public void Add(Recommendation recommendation)
    {
        if (Problem is not null)
        {
            return;
        }

        if (recommendation.ExposedMachinesCount < 0 || !(recommendation.ConfigScoreImpact >= 0) || !(recommendation.ExposureImpact >= 0))
        {
            Problem = $"recommendation {LabelValue.Clean(recommendation.Id)} has a negative exposedMachinesCount, configScoreImpact or exposureImpact";
            return;
        }

        var category = categories[recommendation.RecommendationCategory];
        var status = statuses[recommendation.Status];
        if (recommendation.ExposedMachinesCount >= 1)
        {
            var key = new ExposedKey(category, remediations[recommendation.RemediationType], status, PublicExploit(recommendation.PublicExploit));
            if (!exposed.ContainsKey(key) && exposed.Count >= MaxCombinations)
            {
                key = Overflow;
            }

            var (count, devices) = exposed.GetValueOrDefault(key);
            exposed[key] = (count + 1, devices + recommendation.ExposedMachinesCount);
        }

        if (status == Active)
        {
            var (score, exposure) = impact.GetValueOrDefault(category);
            impact[category] = (score + recommendation.ConfigScoreImpact, exposure + recommendation.ExposureImpact);
            top.Offer(new TopRecommendations.Entry(
                recommendation.ExposureImpact, category, LabelValue.Clean(recommendation.Id), LabelValue.Clean(recommendation.RecommendationName),
                recommendation.ExposedMachinesCount));
        }
    }

    public IReadOnlyList<Sample> ToSamples()
    {
        var samples = new List<Sample>();
        foreach (var (key, (count, devices)) in exposed)
        {
            string[] labels = [key.Category, key.RemediationType, key.Status, key.PublicExploit];
            samples.Add(new Sample(RecommendationsCollector.Recommendations, count, labels));
            samples.Add(new Sample(RecommendationsCollector.ExposedDevices, devices, labels));
        }

        foreach (var (category, (score, exposure)) in impact)
        {
            samples.Add(new Sample(RecommendationsCollector.ScoreImpact, score, [category]));
            samples.Add(new Sample(RecommendationsCollector.ExposureImpact, exposure, [category]));
        }

        samples.AddRange(top.Ranked.Select(e => new Sample(RecommendationsCollector.TopExposedDevices, e.ExposedDevices, [e.Category, e.Id, e.Name])));
        return samples;
    }

    private static string PublicExploit(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => "unknown",
    };

    private readonly record struct ExposedKey(string Category, string RemediationType, string Status, string PublicExploit);
}
