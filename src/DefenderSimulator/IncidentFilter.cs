using System.Globalization;
using System.Text.RegularExpressions;

namespace DefenderSimulator;

/// <summary>
/// The <c>$filter</c> of <c>/security/incidents</c>, as far as Graph documents it: clauses joined by <c>and</c>, each
/// <c>status|severity|classification|determination|assignedTo eq|ne 'value'|null</c> (enum values ignore case) or
/// <c>createdDateTime|lastUpdateDateTime eq|ne|gt|ge|lt|le 2026-01-01T00:00:00Z</c>. Anything else is refused with a 400.
/// </summary>
internal sealed partial class IncidentFilter
{
    private readonly Clause[] clauses;

    private IncidentFilter(Clause[] clauses) => this.clauses = clauses;

    public static IncidentFilter All { get; } = new([]);

    /// <summary>Null and a filter, or the reason it is refused.</summary>
    public static string? TryParse(string? text, out IncidentFilter filter)
    {
        filter = All;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = AndSplitter().Split(text.Trim());
        var clauses = new Clause[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var match = ClausePattern().Match(parts[i]);
            if (!match.Success)
            {
                return $"Invalid filter clause: '{parts[i]}'.";
            }

            var (property, op, literal) = (match.Groups["property"].Value, match.Groups["op"].Value.ToLowerInvariant(), match.Groups["value"].Value);
            var isTime = property is "createdDateTime" or "lastUpdateDateTime";
            DateTimeOffset? at = null;
            if (isTime)
            {
                if (!DateTimeOffset.TryParse(literal.Trim('\''), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return $"Invalid filter clause: '{parts[i]}': a date and time is expected.";
                }

                at = parsed;
            }
            else if (op is not ("eq" or "ne"))
            {
                return $"Invalid filter clause: '{parts[i]}': only eq and ne apply to {property}.";
            }

            clauses[i] = new Clause(property, op, literal == "null" ? null : literal.Trim('\''), at);
        }

        filter = new IncidentFilter(clauses);
        return null;
    }

    public bool Matches(in SimulatedIncident incident)
    {
        foreach (var clause in clauses)
        {
            if (!clause.Matches(incident))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplitter();

    [GeneratedRegex(@"^\s*(?<property>status|severity|classification|determination|assignedTo|createdDateTime|lastUpdateDateTime)\s+(?<op>eq|ne|gt|ge|lt|le)\s+(?<value>'[^']*'|null|\d{4}-\d\d-\d\dT[0-9:.]+Z?)\s*$")]
    private static partial Regex ClausePattern();

    private sealed record Clause(string Property, string Op, string? Value, DateTimeOffset? At)
    {
        public bool Matches(in SimulatedIncident incident)
        {
            if (At is { } at)
            {
                var time = Property == "createdDateTime" ? incident.Created : incident.LastUpdated;
                return Op switch
                {
                    "eq" => time == at,
                    "ne" => time != at,
                    "gt" => time > at,
                    "ge" => time >= at,
                    "lt" => time < at,
                    _ => time <= at,
                };
            }

            var actual = Property switch
            {
                "status" => incident.Status,
                "severity" => incident.Severity,
                "classification" => incident.Classification,
                "determination" => incident.Determination,
                _ => incident.AssignedTo,
            };
            var equal = string.Equals(actual, Value, StringComparison.OrdinalIgnoreCase);
            return Op == "eq" ? equal : !equal;
        }
    }
}
