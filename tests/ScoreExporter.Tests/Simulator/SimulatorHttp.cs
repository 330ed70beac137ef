using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DefenderSimulator;

namespace ScoreExporter.Tests.Simulator;

/// <summary>A plain HttpClient that trusts the simulator's certificate, and the raw token request a client sends.</summary>
public sealed class SimulatorHttp : IDisposable
{
    public const string Scope = "https://api.securitycenter.microsoft.com/.default";

    public const string GraphScope = "https://graph.microsoft.com/.default";

    private readonly SimulatorServer simulator;

    public SimulatorHttp(SimulatorServer simulator, TimeSpan? timeout = null, bool decompress = false)
    {
        this.simulator = simulator;
        Handler = new SocketsHttpHandler
        {
            AutomaticDecompression = decompress ? DecompressionMethods.GZip : DecompressionMethods.None,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => simulator.IsSimulatorCertificate(certificate as System.Security.Cryptography.X509Certificates.X509Certificate2) },
        };
        Client = new HttpClient(Handler) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    public SocketsHttpHandler Handler { get; }

    public HttpClient Client { get; }

    public Task<HttpResponseMessage> RequestTokenAsync(string tenantId, string clientId, string secret, string scope = Scope) =>
        Client.PostAsync(
            new Uri(simulator.HttpsBaseUrl, $"{tenantId}/oauth2/v2.0/token"),
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["scope"] = scope,
            }));

    public async Task<string> TokenAsync(SimulatedTenant tenant, string scope = Scope)
    {
        using var response = await RequestTokenAsync(tenant.TenantId, tenant.ClientId, tenant.ClientSecret!, scope);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> GetScoreAsync(string? token, bool https = false, string path = "api/configurationScore", string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(https ? simulator.HttpsBaseUrl : simulator.ApiBaseUrl, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }

        return await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>A token for Microsoft Graph.</summary>
    public Task<string> GraphTokenAsync(SimulatedTenant tenant) => TokenAsync(tenant, GraphScope);

    /// <summary>GET a path (or absolute URL) and parse the JSON body, asserting the status.</summary>
    public async Task<JsonDocument> GetJsonAsync(string? token, string path, HttpStatusCode expected = HttpStatusCode.OK, bool https = false)
    {
        using var response = await GetScoreAsync(token, https, path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: {(int)response.StatusCode} {text[..Math.Min(400, text.Length)]}");
        return JsonDocument.Parse(text);
    }

    public void Dispose() => Client.Dispose();
}
