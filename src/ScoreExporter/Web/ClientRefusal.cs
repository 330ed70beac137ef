namespace ScoreExporter.Web;

/// <summary>What a refused client certificate lacked.</summary>
public enum ClientRefusalKind
{
    NoCertificate,
    UnknownAuthority,
    SanNotAllowed,
}

/// <summary>A refused client certificate: its kind, and a line that says why.</summary>
public sealed record ClientRefusal(ClientRefusalKind Kind, string Reason);
