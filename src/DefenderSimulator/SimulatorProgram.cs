using System.Globalization;
using System.Text.Json.Nodes;

namespace DefenderSimulator;

/// <summary>
/// Runs the simulator on its own: <c>--tenants N --api-port P --https-port P --cert-out cert.pem --config-out exporter.json</c>.
/// The tenants are tenant-0001… with fake, clearly-demo credentials; <c>--config-out</c> writes an exporter
/// configuration that polls all of them, and <c>--cert-out</c> the TLS certificate to trust (SSL_CERT_FILE).
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = new ConfigurationBuilder().AddCommandLine(args).Build();
        var count = settings.GetValue("tenants", 3);
        var options = new SimulatorOptions
        {
            ApiPort = settings.GetValue("api-port", 0),
            HttpsPort = settings.GetValue("https-port", 0),
        };
        await using var server = await SimulatorServer.StartAsync(options);
        var tenants = Enumerable.Range(1, count).Select(i => AddDemoTenant(server, i)).ToList();

        if (settings["cert-out"] is { Length: > 0 } certOut)
        {
            await File.WriteAllTextAsync(certOut, server.TlsCertificate.ExportCertificatePem() + "\n");
        }

        if (settings["config-out"] is { Length: > 0 } configOut)
        {
            await File.WriteAllTextAsync(configOut, ExporterConfig(server, tenants).ToJsonString(new() { WriteIndented = true }));
        }

        Console.WriteLine($"Defender simulator: {count} tenant(s); API {server.ApiBaseUrl} and {server.HttpsBaseUrl}; token endpoint {server.AuthorityHost}<tenant>/oauth2/v2.0/token");
        Console.WriteLine("Credentials are fake demo values: tenant-0001 has client id 00000000-0000-0000-0001-000000000001 and secret demo-secret-0001, and so on.");
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private static SimulatedTenant AddDemoTenant(SimulatorServer server, int i)
    {
        var tenant = server.AddTenant(
            $"00000000-0000-0000-0000-{i:D12}",
            $"00000000-0000-0000-0001-{i:D12}",
            $"demo-secret-{i:D4}",
            score: 300 + (i * 37 % 500));
        return tenant;
    }

    private static JsonObject ExporterConfig(SimulatorServer server, List<SimulatedTenant> tenants)
    {
        var list = new JsonArray();
        foreach (var (tenant, index) in tenants.Select((t, i) => (t, i + 1)))
        {
            list.Add(new JsonObject
            {
                ["Name"] = "tenant-" + index.ToString("D4", CultureInfo.InvariantCulture),
                ["TenantId"] = tenant.TenantId,
                ["ClientId"] = tenant.ClientId,
                ["ClientSecret"] = tenant.ClientSecret,
            });
        }

        return new JsonObject
        {
            ["Defender"] = new JsonObject
            {
                ["ApiBaseUrl"] = server.ApiBaseUrl.ToString(),
                ["AuthorityHost"] = server.AuthorityHost.ToString(),
                ["Tenants"] = list,
            },
        };
    }
}
