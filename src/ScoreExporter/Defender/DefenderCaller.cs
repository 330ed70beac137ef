using ScoreExporter.Auth;

namespace ScoreExporter.Defender;

/// <summary>
/// What the client needs to call the API for one tenant: its name (for the resilience pipeline key), its
/// credential, its shared call window, and where to count each attempt.
/// </summary>
public sealed record DefenderCaller(string TenantName, TenantCredential Credential, TenantCallWindow CallWindow, IApiRequestCounter Requests);

/// <summary>Counts HTTP attempts into <c>defender_api_requests_total</c> for one tenant.</summary>
public interface IApiRequestCounter
{
    void CountRequest(string endpoint, string code);
}
