namespace DefenderSimulator;

/// <summary>What a logged request asked for: the Defender API or an Entra token.</summary>
public enum RequestKind
{
    Api,
    Token,
}
