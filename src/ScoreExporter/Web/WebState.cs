namespace ScoreExporter.Web;

/// <summary>One good reading of the web configuration file with its TLS material loaded (null: plain http).</summary>
public sealed record WebState(WebConfiguration Configuration, ServerTls? Tls)
{
    public static readonly WebState None = new(WebConfiguration.None, null);

    /// <summary>Reads the file and loads what it names; a mistake is a <see cref="WebConfigurationException"/>.</summary>
    public static WebState Load(string path)
    {
        var configuration = WebConfigurationReader.Read(path);
        return new WebState(configuration, configuration.Tls is { } tls ? ServerTls.Load(tls, path, configuration.Http2) : null);
    }
}
