namespace ScoreExporter.Collectors;

/// <summary>What one page of a list held: how many items, a fingerprint of the first, and the next page's link if any.</summary>
public readonly record struct ListPage(int Items, ulong FirstItemHash, string? NextLink);
