namespace ScoreExporter.Configuration;

/// <summary>The documented hosts and token scope of each cloud.</summary>
public sealed record CloudEndpoints(Uri ApiBaseUrl, Uri AuthorityHost, string Scope)
{
    private static readonly Uri PublicSignIn = new("https://login.microsoftonline.com/");
    private static readonly Uri GovernmentSignIn = new("https://login.microsoftonline.us/");

    public static CloudEndpoints For(DefenderCloud cloud) => cloud switch
    {
        DefenderCloud.Commercial => Create("https://api.securitycenter.microsoft.com", PublicSignIn),
        DefenderCloud.UsGovGcc => Create("https://api-gcc.securitycenter.microsoft.us", PublicSignIn),
        DefenderCloud.UsGovGccHigh or DefenderCloud.UsGovDod =>
            Create("https://api-gov.securitycenter.microsoft.us", GovernmentSignIn),
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown cloud."),
    };

    // The scope names the cloud's resource, not the host called: regional hosts take the same token.
    private static CloudEndpoints Create(string api, Uri signIn) => new(new Uri(api), signIn, api + "/.default");
}
