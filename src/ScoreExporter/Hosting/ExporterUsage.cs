using System.Globalization;
using System.Text;
using ScoreExporter.Collectors;
using ScoreExporter.Configuration;

namespace ScoreExporter.Hosting;

/// <summary>What <c>--help</c> prints: the switches, the main settings, the collectors and where the full documentation is.</summary>
public static class ExporterUsage
{
    public static string Text { get; } = Head + Collectors(CollectorCatalog.All) + Tail;

    private const string Head = """
        ScoreExporter: Microsoft Defender for Endpoint and Microsoft Graph security posture (Secure Score for
        Devices, exposure score, devices, Microsoft Secure Score, incidents, ...) as Prometheus metrics on /metrics.

        Usage: ScoreExporter [--demo] [--config <file.json>] [--web.config.file <web.yml>] [--urls <url>]
                             [--Defender:<Key>=<value> ...]
               dotnet run --project src/ScoreExporter -- [options]

        Options:
          --demo                  poll a built-in simulator with three tenants: try it without a Microsoft account
          --config <file.json>    settings in the shape of appsettings.json; environment variables and the command
                                  line override it
          --web.config.file <web.yml>
                                  TLS, client certificates and basic auth for every path (the Prometheus
                                  exporter-toolkit web configuration file; also Web:ConfigFile); re-read when it
                                  or a certificate changes
          --urls <url>            where to listen (default http://0.0.0.0:9464), e.g. http://127.0.0.1:9464
          -h, --help              this text

        Settings (appsettings.json, --config, environment variables or --Defender:<Key>=<value>):
          Defender:Cloud                            Commercial (default), UsGovGcc, UsGovGccHigh or UsGovDod
          Defender:PollInterval                     how often each collector polls (default 00:05:00, at least 00:00:10)
          Defender:Collectors:<Name>:Enabled        true or false; <Name> is one of the collectors below
          Defender:Collectors:<Name>:PollInterval   that collector's own interval
          Defender:TotalShards, Defender:Shard      split the tenants between replicas (Shard counts from 0)
          Defender:Tenants:N:Name                   the tenant label (N = 0, 1, 2, ...)
          Defender:Tenants:N:TenantId               Entra tenant id (GUID) or primary domain
          Defender:Tenants:N:ClientId               the app registration's client id
          Defender:Tenants:N:ClientSecretFile       a file holding the client secret
          Defender:Tenants:N:CertificatePath        a certificate (PFX or PEM) instead of a secret
          Defender:Tenants:N:Cloud                  that tenant's cloud, if not Defender:Cloud
          ClientId, ClientSecretFile, CertificatePath, ... directly under Defender: apply to every tenant that sets
          none of its own.
          Otlp:Endpoint                             also push the metrics over OTLP to this receiver's base URL
                                                    (or OTEL_EXPORTER_OTLP_ENDPOINT); Otlp:Protocol http/protobuf
                                                    (default) or grpc; Otlp:Interval (default 00:01:00)

        """;

    private const string Tail = """

        Environment variables write ':' as '__', e.g. Defender__Tenants__0__TenantId=contoso.onmicrosoft.com.
        Without tenants, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET poll one tenant.

        Exit codes: 0 after a normal stop, 2 for bad configuration (one line per mistake on stderr).
        Everything else (metrics, alerts, the Helm chart, Entra ID setup): README.md at the root of the source
        repository.

        """;

    /// <summary>One line per collector: its configuration name, whether it is on by default, and the permission it needs.</summary>
    private static string Collectors(IEnumerable<Collector> collectors)
    {
        var text = new StringBuilder("Collectors (<Name>, default, application permission of the app registration):\n");
        foreach (var collector in collectors)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  {collector.ConfigName,-26}{(collector.EnabledByDefault ? "on " : "off"),-5}{collector.Permission} ({collector.Surface.PermissionsApi()})\n");
        }

        return text.ToString();
    }
}
