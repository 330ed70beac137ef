namespace DefenderSimulator;

/// <summary>
/// One generated incident: its true values (what a <c>$filter</c> compares, ignoring case) and how they are written.
/// Some incidents write PascalCase enums (<c>Active</c>, <c>Medium</c>), as Microsoft's own examples mix; a few carry a
/// severity Microsoft might add (<c>critical</c>); <c>awaitingAction</c> is written <c>unknownFutureValue</c> unless the
/// client sent <c>Prefer: include-unknown-enum-members</c>, as Graph does with evolvable enums.
/// </summary>
internal readonly record struct SimulatedIncident(
    int Index, string Status, string Severity, string Classification, string Determination, string? AssignedTo, DateTimeOffset Created, DateTimeOffset LastUpdated, bool Pascal)
{
    private static readonly (string Value, int Weight)[] OpenStatuses = [("active", 55), ("inProgress", 25), ("awaitingAction", 12), ("redirected", 8)];
    private static readonly (string Value, int Weight)[] Severities = [("high", 15), ("medium", 35), ("low", 30), ("informational", 15), ("unknown", 4), ("critical", 1)];
    private static readonly (string Value, int Weight)[] Closed = [("truePositive", 40), ("falsePositive", 25), ("informationalExpectedActivity", 35)];
    private static readonly string[] Determinations = ["malware", "phishing", "compromisedUser", "securityTesting", "lineOfBusinessApplication", "other"];

    public static SimulatedIncident Make(IncidentSettings settings, int index, DateTimeOffset newest)
    {
        var (a, b) = (StableHash.Mix(settings.Seed, index, 51), StableHash.Mix(settings.Seed, index, 52));
        var open = settings.IsOpen(index);

        // Spread over the last 180 days, newest first.
        var created = newest.AddSeconds(-((index * 15_552_000.0 / Math.Max(1, settings.Total)) + (double)(a % 600)));
        var classification = open ? "unknown" : Pick(Closed, (a >> 8) % 100);
        return new SimulatedIncident(
            index,
            open ? Pick(OpenStatuses, (a >> 16) % 100) : "resolved",
            Pick(Severities, (a >> 24) % 100),
            classification,
            classification == "unknown" ? "unknown" : Determinations[(int)((b >> 8) % (ulong)Determinations.Length)],
            (b >> 16) % 10 < 4 ? null : $"analyst{(b >> 24) % 12:D2}@contoso.example",
            created,
            created.AddMinutes((double)((b >> 32) % 2000)),
            (a >> 40) % 10 == 0);
    }

    /// <summary>A value as written: PascalCase on some incidents.</summary>
    public string Written(string value) => Pascal ? char.ToUpperInvariant(value[0]) + value[1..] : value;

    private static string Pick((string Value, int Weight)[] table, ulong roll)
    {
        var total = 0;
        foreach (var (value, weight) in table)
        {
            total += weight;
            if (roll < (ulong)total)
            {
                return value;
            }
        }

        return table[^1].Value;
    }
}
