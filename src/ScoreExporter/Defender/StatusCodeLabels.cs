namespace ScoreExporter.Defender;

/// <summary>
/// The <c>code</c> label values: the statuses the API documents or a gateway commonly answers, <c>other</c> for the
/// rest, <c>none</c> when no answer came. A fixed set, so the series per tenant stay bounded whatever a server sends.
/// </summary>
public static class StatusCodeLabels
{
    public const string NoAnswer = "none";
    public const string Other = "other";

    private static readonly int[] Known = [200, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504];
    private static readonly string[] KnownLabels = Known.Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Every value the label can take.</summary>
    public static IReadOnlyList<string> All { get; } = [.. KnownLabels, Other, NoAnswer];

    public static string Of(int statusCode)
    {
        var index = Array.IndexOf(Known, statusCode);
        return index < 0 ? Other : KnownLabels[index];
    }
}
