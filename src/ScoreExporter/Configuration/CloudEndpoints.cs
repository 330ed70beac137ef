namespace ScoreExporter.Configuration;

/// <summary>The documented hosts and token scopes of one cloud: its sign-in host, and each API surface's.</summary>
public sealed record CloudEndpoints(DefenderCloud Cloud, Uri AuthorityHost, SurfaceEndpoint Defender, SurfaceEndpoint Graph)
{
    private static readonly Uri PublicSignIn = new("https://login.microsoftonline.com/");
    private static readonly Uri GovernmentSignIn = new("https://login.microsoftonline.us/");

    // The scope names the cloud's resource, not the host called: api.security.microsoft.com and the regional hosts
    // take a token for api.securitycenter.microsoft.com.
    private const string CommercialDefenderScope = "https://api.securitycenter.microsoft.com/.default";

    public static CloudEndpoints For(DefenderCloud cloud) => cloud switch
    {
        DefenderCloud.Commercial => new(cloud, PublicSignIn,
            new(new Uri("https://api.security.microsoft.com"), CommercialDefenderScope), OwnScope("https://graph.microsoft.com")),
        DefenderCloud.UsGovGcc => new(cloud, PublicSignIn, OwnScope("https://api-gcc.securitycenter.microsoft.us"), OwnScope("https://graph.microsoft.com")),
        DefenderCloud.UsGovGccHigh => new(cloud, GovernmentSignIn, OwnScope("https://api-gov.securitycenter.microsoft.us"), OwnScope("https://graph.microsoft.us")),
        DefenderCloud.UsGovDod => new(cloud, GovernmentSignIn, OwnScope("https://api-gov.securitycenter.microsoft.us"), OwnScope("https://dod-graph.microsoft.us")),
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown cloud."),
    };

    public SurfaceEndpoint Of(ApiSurface surface) => surface == ApiSurface.Graph ? Graph : Defender;

    private static SurfaceEndpoint OwnScope(string host) => new(new Uri(host), host + "/.default");
}

/// <summary>Where one API surface is called and which token audience it takes.</summary>
public sealed record SurfaceEndpoint(Uri BaseUrl, string Scope);
