namespace DefenderSimulator;

/// <summary>
/// Which page a Defender API list request asks for: <c>$top</c> (at most 10,000, as the real API; larger is capped to
/// the endpoint's page size) and <c>$skip</c>. <see cref="TopSent"/> tells whether the client sent <c>$top</c>: the real
/// API sends no nextLink then.
/// </summary>
internal readonly record struct DefenderPageRequest(int Size, int Offset, bool TopSent)
{
    public const int MaxTop = 10_000;

    /// <summary>Null and a page, or the reason the query is refused (400). Without <c>$top</c> the page holds <paramref name="defaultSize"/>.</summary>
    public static string? TryParse(IQueryCollection query, int pageSize, int defaultSize, out DefenderPageRequest page)
    {
        page = default;
        var topProblem = ListQuery.TryReadTop(query, out var top);
        var skipProblem = ListQuery.TryReadSkip(query, out var skip);
        if ((topProblem ?? skipProblem) is { } problem)
        {
            return problem;
        }

        page = new DefenderPageRequest(Math.Min(top ?? defaultSize, Math.Min(pageSize, MaxTop)), skip, top is not null);
        return null;
    }
}
