namespace ScoreExporter.Configuration;

/// <summary>How the exporter signs in to Entra ID for one tenant.</summary>
public enum CredentialKind
{
    ClientSecret,
    Certificate,
    WorkloadIdentity,
    ManagedIdentity,
}
