namespace ScoreExporter.Configuration;

/// <summary>The two APIs the exporter reads; each has its own host, token audience and call limits.</summary>
public enum ApiSurface
{
    /// <summary>The Microsoft Defender for Endpoint API (<c>/api/...</c>, app permissions on WindowsDefenderATP).</summary>
    Defender,

    /// <summary>The Microsoft Graph security API (<c>/v1.0/security/...</c>, app permissions on Microsoft Graph).</summary>
    Graph,
}

/// <summary>What each surface is called where its application permissions are granted.</summary>
public static class ApiSurfaces
{
    /// <summary>The API whose application permissions the app registration is granted: <c>WindowsDefenderATP</c> or <c>Microsoft Graph</c>.</summary>
    public static string PermissionsApi(this ApiSurface surface) => surface == ApiSurface.Graph ? "Microsoft Graph" : "WindowsDefenderATP";
}
