using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace DefenderSimulator;

/// <summary>
/// Runs the simulator on its own until Ctrl+C or SIGTERM:
/// <c>--tenants N --api-port P --https-port P --cert-out cert.pem --config-out exporter.json --drift false
/// --posture demo|none --machines N</c>.
/// The tenants are tenant-0001… with fake, clearly-demo credentials; <c>--config-out</c> writes an exporter
/// configuration that polls all of them, and <c>--cert-out</c> the TLS certificate to trust (SSL_CERT_FILE).
/// <c>--posture demo</c> (the default) gives each tenant demo device groups and machines; <c>--machines</c>
/// then overrides every tenant's machine count.
/// </summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        var settings = new ConfigurationBuilder().AddCommandLine(args).Build();
        var count = settings.GetValue("tenants", 3);
        if (count is < 0 or > 100_000)
        {
            await Console.Error.WriteLineAsync("--tenants must be between 0 and 100000");
            return 2;
        }

        var posture = settings.GetValue("posture", "demo");
        var machines = settings.GetValue<int?>("machines");
        if (posture is not ("demo" or "none") || machines is < 0)
        {
            await Console.Error.WriteLineAsync("--posture must be demo or none; --machines must not be negative");
            return 2;
        }

        var options = new SimulatorOptions
        {
            ApiPort = settings.GetValue("api-port", 0),
            HttpsPort = settings.GetValue("https-port", 0),
        };
        SimulatorServer server;
        try
        {
            server = await SimulatorServer.StartAsync(options);
        }
        catch (IOException e)
        {
            // Most often a port in use: one line, not a stack trace.
            await Console.Error.WriteLineAsync($"Defender simulator: cannot listen: {e.Message}");
            return 1;
        }

        await using var serverScope = server;
        var drift = settings.GetValue("drift", true);
        var tenants = Enumerable.Range(1, count).Select(i => DemoTenants.Add(server, i, drift)).ToList();
        foreach (var (tenant, index) in tenants.Select((t, i) => (t, i + 1)))
        {
            if (posture == "demo")
            {
                DemoPosture.Apply(tenant, index);
            }

            tenant.Machines.Count = machines ?? tenant.Machines.Count;
        }

        if (settings["cert-out"] is { Length: > 0 } certOut)
        {
            await WriteAtomicallyAsync(certOut, server.TlsCertificate.ExportCertificatePem() + "\n");
        }

        if (settings["config-out"] is { Length: > 0 } configOut)
        {
            await WriteAtomicallyAsync(configOut, ExporterConfig(server, tenants).ToJsonString(new() { WriteIndented = true }));
        }

        Console.WriteLine($"Defender simulator: {count} tenant(s)");
        Console.WriteLine($"  API             {server.ApiBaseUrl}api/configurationScore  and  {server.HttpsBaseUrl}api/configurationScore");
        Console.WriteLine($"                  also api/exposureScore, api/exposureScore/ByMachineGroups, api/machines, api/recommendations, api/deviceavinfo");
        Console.WriteLine($"  Graph           {server.ApiBaseUrl}v1.0/security/secureScores, secureScoreControlProfiles, incidents");
        Console.WriteLine($"  Token endpoint  {server.AuthorityHost}<tenant id>/oauth2/v2.0/token");
        Console.WriteLine($"  Control API     {server.ApiBaseUrl}_simulator/  (see src/DefenderSimulator/README.md)");
        if (count > 0)
        {
            Console.WriteLine($"  DEMO credentials (fake): tenant {DemoTenants.TenantId(1)}, client id {DemoTenants.ClientId(1)}, secret {DemoTenants.Secret(1)}; the others count up.");
        }

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Console.WriteLine("Defender simulator: stopped");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    // Scripts poll for these files to appear: they must never see half of one.
    private static async Task WriteAtomicallyAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonObject ExporterConfig(SimulatorServer server, List<SimulatedTenant> tenants)
    {
        var list = new JsonArray();
        foreach (var (tenant, index) in tenants.Select((t, i) => (t, i + 1)))
        {
            // The JsonNode overload: the generic Add<T> needs reflection, which Native AOT builds of the exporter lack.
            list.Add((JsonNode)new JsonObject
            {
                ["Name"] = DemoTenants.Name(index),
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

/// <summary>The standalone simulator's tenants: deterministic ids and fake credentials, the same on every run.</summary>
public static class DemoTenants
{
    public static string Name(int i) => "tenant-" + i.ToString("D4", CultureInfo.InvariantCulture);

    public static string TenantId(int i) => $"00000000-0000-0000-0000-{i:D12}";

    public static string ClientId(int i) => $"00000000-0000-0000-0001-{i:D12}";

    public static string Secret(int i) => $"demo-secret-{i:D4}";

    public static SimulatedTenant Add(SimulatorServer server, int i, bool drift = true)
    {
        var score = 300 + (i * 37 % 500);
        var tenant = server.AddTenant(TenantId(i), ClientId(i), Secret(i), score);
        if (!drift)
        {
            tenant.SetScore(score, server.Options.TimeProvider.GetUtcNow());
        }

        return tenant;
    }
}
