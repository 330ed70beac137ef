namespace ScoreExporter.Hosting;

/// <summary>What <c>--help</c> prints: the switches, the main settings and where the full documentation is.</summary>
public static class ExporterUsage
{
    public const string Text = """
        ScoreExporter: Microsoft Defender for Endpoint posture (Secure Score for Devices, exposure score,
        device groups, devices) as Prometheus metrics on /metrics.

        Usage: ScoreExporter [--demo] [--config <file.json>] [--urls <url>] [--Defender:<Key>=<value> ...]
               dotnet run --project src/ScoreExporter -- [options]

        Options:
          --demo                  poll a built-in simulator with three tenants: try it without a Microsoft account
          --config <file.json>    settings in the shape of appsettings.json; environment variables and the command
                                  line override it
          --urls <url>            where to listen (default http://0.0.0.0:9464), e.g. http://127.0.0.1:9464
          -h, --help              this text

        Settings (appsettings.json, --config, environment variables or --Defender:<Key>=<value>):
          Defender:Cloud                            Commercial (default), UsGovGcc, UsGovGccHigh or UsGovDod
          Defender:PollInterval                     how often each collector polls (default 00:05:00, at least 00:00:10)
          Defender:Collectors:<Name>:Enabled        true or false; <Name> is ConfigurationScore, ExposureScore,
                                                    DeviceGroupExposureScore or Devices (off by default)
          Defender:Collectors:<Name>:PollInterval   that collector's own interval
          Defender:TotalShards, Defender:Shard      split the tenants between replicas (Shard counts from 0)
          Defender:Tenants:N:Name                   the tenant label (N = 0, 1, 2, ...)
          Defender:Tenants:N:TenantId               Entra tenant id (GUID) or primary domain
          Defender:Tenants:N:ClientId               the app registration's client id
          Defender:Tenants:N:ClientSecretFile       a file holding the client secret
          Defender:Tenants:N:CertificatePath        a certificate (PFX or PEM) instead of a secret
          ClientId, ClientSecretFile, CertificatePath, ... directly under Defender: apply to every tenant that sets
          none of its own.
          Otlp:Endpoint                             also push the metrics over OTLP to this receiver's base URL
                                                    (or OTEL_EXPORTER_OTLP_ENDPOINT); Otlp:Protocol http/protobuf
                                                    (default) or grpc; Otlp:Interval (default 00:01:00)

        Environment variables write ':' as '__', e.g. Defender__Tenants__0__TenantId=contoso.onmicrosoft.com.
        Without tenants, AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET poll one tenant.

        Exit codes: 0 after a normal stop, 2 for bad configuration (one line per mistake on stderr).
        Everything else (metrics, alerts, the Helm chart, Entra ID setup): README.md at the root of the source
        repository.

        """;
}
