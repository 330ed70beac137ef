namespace ScoreExporter.Collectors;

/// <summary>
/// A list endpoint to read whole: its path (and any filter), the page size to ask for, and the most items one poll
/// accepts; past that bound nothing is published, so no figure is ever a silent part of the truth.
/// </summary>
/// <param name="Path">The path relative to the surface's base URL, without a query.</param>
/// <param name="ItemName">What an item is, plural, for messages (e.g. <c>machines</c>).</param>
/// <param name="PageSize">Items asked for per page: the endpoint's documented maximum <c>$top</c>.</param>
/// <param name="MaxItems">The most items a poll reads; more is refused.</param>
/// <param name="Query">Extra query options (e.g. <c>$filter=...</c>), already escaped, or null.</param>
/// <param name="NotFoundIsEmpty">A 404 on the first page means "no items" (the machines endpoint's way).</param>
public sealed record ListRequest(string Path, string ItemName, int PageSize, int MaxItems, string? Query = null, bool NotFoundIsEmpty = false)
{
    /// <summary>Pages a poll may read: every full page of the bound, and the short (possibly empty) one that ends it.</summary>
    public int MaxPages => (MaxItems / PageSize) + 1;

    /// <summary>The first page's path and query, with <c>$skip</c> when paging by offset.</summary>
    public string PageUrl(int skip = 0) =>
        Path + "?" + (Query is null ? string.Empty : Query + "&") + "$top=" + PageSize + (skip > 0 ? "&$skip=" + skip : string.Empty);
}
