namespace ScoreExporter.Configuration;

/// <summary>The Microsoft cloud a tenant lives in; picks the API host, sign-in host and token scope.</summary>
public enum DefenderCloud
{
    Commercial,
    UsGovGcc,
    UsGovGccHigh,
    UsGovDod,
}
