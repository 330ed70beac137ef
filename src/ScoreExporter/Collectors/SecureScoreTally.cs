namespace ScoreExporter.Collectors;

/// <summary>
/// A Secure Score snapshot and the control profiles' maxima as samples: totals, sums by category (categories compared
/// case-insensitively, unknown ones kept under their own bounded value), averages by basis, and per control on request.
/// </summary>
public static class SecureScoreTally
{
    public static IReadOnlyList<Sample> ToSamples(SecureScoreSnapshot snapshot, IReadOnlyDictionary<string, double> maxima, bool perControl)
    {
        var categories = new BoundedLabel(SecureScoreCollector.MaxCategories, EnumLabel.UpperFirst("Identity", "Data", "Device", "Apps", "Infrastructure"));
        var controls = new BoundedLabel(SecureScoreCollector.MaxControls);
        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        var maximum = new Dictionary<string, double>(StringComparer.Ordinal);
        var perControlSamples = new Dictionary<(string, string), (double Score, double Max)>();
        foreach (var control in snapshot.ControlScores ?? [])
        {
            if (control is null)
            {
                continue;
            }

            var category = categories[control.ControlCategory];
            var score = control.Score is { } s && double.IsFinite(s) ? s : 0;
            var max = control.ControlName is { } name ? maxima.GetValueOrDefault(name) : 0;
            points[category] = points.GetValueOrDefault(category) + score;
            maximum[category] = maximum.GetValueOrDefault(category) + max;
            if (perControl)
            {
                var key = (category, controls[control.ControlName]);

                // A name under several categories is several series: the pairs are bounded, not only the names.
                if (!perControlSamples.ContainsKey(key) && perControlSamples.Count >= SecureScoreCollector.MaxControls)
                {
                    key = (LabelValue.Other, LabelValue.Other);
                }

                var sum = perControlSamples.GetValueOrDefault(key);
                perControlSamples[key] = (sum.Score + score, sum.Max + max);
            }
        }

        var samples = new List<Sample>
        {
            Sample.Of(SecureScoreCollector.Score, snapshot.CurrentScore),
            Sample.Of(SecureScoreCollector.Max, snapshot.MaxScore),
            Sample.Of(SecureScoreCollector.Created, snapshot.CreatedDateTime.ToUnixTimeMilliseconds() / 1000.0),
        };
        samples.AddRange(points.Select(p => new Sample(SecureScoreCollector.Category, p.Value, [p.Key])));
        samples.AddRange(maximum.Select(p => new Sample(SecureScoreCollector.CategoryMax, p.Value, [p.Key])));

        var bases = new BoundedLabel(SecureScoreCollector.MaxBases, EnumLabel.UpperFirst("AllTenants", "TotalSeats", "IndustryTypes"));
        var seenBases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var average in snapshot.AverageComparativeScores ?? [])
        {
            // One value per basis: the first stands (a second would be a second value for one series).
            if (average?.AverageScore is { } value && double.IsFinite(value) && seenBases.Add(bases[average.Basis]))
            {
                samples.Add(new Sample(SecureScoreCollector.Comparative, value, [bases[average.Basis]]));
            }
        }

        foreach (var ((category, control), (score, max)) in perControlSamples)
        {
            samples.Add(new Sample(SecureScoreCollector.Control, score, [category, control]));
            samples.Add(new Sample(SecureScoreCollector.ControlMax, max, [category, control]));
        }

        return samples;
    }
}
