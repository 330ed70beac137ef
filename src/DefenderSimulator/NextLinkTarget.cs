namespace DefenderSimulator;

/// <summary>Where a hostile <c>@odata.nextLink</c> points, relative to the listener the page was served on.</summary>
public enum NextLinkTarget
{
    /// <summary><see cref="ApiFault.ForeignOrigin"/>: a host that does not exist.</summary>
    ForeignHost,

    /// <summary>Same scheme and host, another port: the simulator's decoy listener of that scheme.</summary>
    OtherPort,

    /// <summary>Same host, the other scheme: the simulator's other listener (https page → http link, and back).</summary>
    OtherScheme,
}
