namespace ScoreExporter.Defender;

/// <summary>A call refused before it was sent, because it would pass the tenant's documented API limits.</summary>
public sealed class CallBudgetExceededException(string message) : Exception(message);
