namespace ScoreExporter.Collectors;

/// <summary>
/// The <c>size</c> recommendations with the highest exposure impact seen so far, kept while a listing streams by:
/// never more than <c>size</c> entries are held. Ties are broken by id, then name, then category (ordinal), so the
/// same listing always gives the same top, whatever its order. Two entries with the same labels would be one series:
/// the better ranked one stands.
/// </summary>
public sealed class TopRecommendations(int size)
{
    private readonly SortedSet<Entry> ranked = new(Ranking.Instance);
    private readonly Dictionary<(string Category, string Id, string Name), Entry> byLabels = [];

    /// <summary>Best first.</summary>
    public IEnumerable<Entry> Ranked => ranked;

    public void Offer(Entry entry)
    {
        if (size <= 0)
        {
            return;
        }

        var labels = entry.Labels;
        if (byLabels.TryGetValue(labels, out var known))
        {
            if (Ranking.Instance.Compare(entry, known) >= 0)
            {
                return;
            }

            ranked.Remove(known);
        }
        else if (ranked.Count == size && Ranking.Instance.Compare(entry, ranked.Max!) >= 0)
        {
            return;
        }

        ranked.Add(entry);
        byLabels[labels] = entry;
        if (ranked.Count > size)
        {
            var worst = ranked.Max!;
            ranked.Remove(worst);
            byLabels.Remove(worst.Labels);
        }
    }

    /// <summary>One Active recommendation, its labels already cleaned.</summary>
    public sealed record Entry(double ExposureImpact, string Category, string Id, string Name, long ExposedDevices)
    {
        public (string Category, string Id, string Name) Labels => (Category, Id, Name);
    }

    /// <summary>Highest exposure impact first; a total order over distinct labels.</summary>
    private sealed class Ranking : IComparer<Entry>
    {
        public static readonly Ranking Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? 1 : -1;
            }

            var byImpact = y.ExposureImpact.CompareTo(x.ExposureImpact);
            if (byImpact != 0)
            {
                return byImpact;
            }

            var byId = string.CompareOrdinal(x.Id, y.Id);
            if (byId != 0)
            {
                return byId;
            }

            var byName = string.CompareOrdinal(x.Name, y.Name);
            return byName != 0 ? byName : string.CompareOrdinal(x.Category, y.Category);
        }
    }
}
