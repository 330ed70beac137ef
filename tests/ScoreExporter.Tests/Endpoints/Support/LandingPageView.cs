namespace ScoreExporter.Tests.Endpoints.Support;

/// <summary>What a real browser saw on the landing page, as tools/landing-page.mjs reports it.</summary>
public sealed record LandingPageView(
    int? Status,
    string Title,
    string? Refresh,
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<string> TenantCellsHtml,
    int BoldElements,
    int ScriptElements,
    string Screenshot,
    long ScreenshotBytes);
