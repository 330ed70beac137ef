namespace ScoreExporter.Endpoints;

/// <summary>Registered only in demo mode: the landing page and the log then say loudly that nothing is real.</summary>
public sealed record DemoBanner
{
    public const string Text = "DEMO MODE: scores come from a built-in simulator, not from Microsoft Defender.";
}
