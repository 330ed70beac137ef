namespace ScoreExporter.Web;

/// <summary>A web configuration file that cannot be used; the message is one line naming the file, the key and the fix.</summary>
public sealed class WebConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
