namespace ScoreExporter.Hosting;

/// <summary>A configuration mistake found while building the host; its message is the one line the user sees.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
