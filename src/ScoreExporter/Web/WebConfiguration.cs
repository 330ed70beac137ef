namespace ScoreExporter.Web;

/// <summary>
/// One reading of the exporter-toolkit web configuration file: TLS (null for plain http), the basic-auth users and
/// their bcrypt hashes (none: no authentication), the extra response headers, and whether HTTP/2 is offered over TLS.
/// </summary>
public sealed record WebConfiguration(
    WebTlsSettings? Tls,
    IReadOnlyDictionary<string, string> Users,
    IReadOnlyDictionary<string, string> Headers,
    bool Http2)
{
    /// <summary>No file: plain http, no authentication, no extra headers.</summary>
    public static readonly WebConfiguration None = new(null, new Dictionary<string, string>(), new Dictionary<string, string>(), Http2: true);

    public bool RequiresBasicAuth => Users.Count > 0;
}
