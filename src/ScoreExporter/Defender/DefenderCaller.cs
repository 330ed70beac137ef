using ScoreExporter.Auth;
using ScoreExporter.Configuration;

namespace ScoreExporter.Defender;

/// <summary>
/// What the client needs to call either API for one tenant: its name (for the resilience pipeline key), its
/// credential, its cloud's hosts and token scopes, its shared call windows, and where to count each attempt.
/// </summary>
public sealed record DefenderCaller(
    string TenantName, TenantCredential Credential, CloudEndpoints Endpoints, TenantCallWindows CallWindows, IApiRequestCounter Requests);

/// <summary>Counts HTTP attempts into <c>defender_api_requests_total</c> for one tenant.</summary>
public interface IApiRequestCounter
{
    void CountRequest(string endpoint, string code);
}
