using System.Text.Json.Serialization.Metadata;
using ScoreExporter.Configuration;
using ScoreExporter.Defender;

namespace ScoreExporter.Collectors;

/// <summary>
/// Reads every page of a list, streamed item by item into a sink, the way each API pages reliably: the Defender API
/// by explicit <c>$top</c>/<c>$skip</c> until a short page (its nextLink is missing with <c>$top</c> and does not
/// advance without it, so it is never followed), Graph by <c>@odata.nextLink</c> (refused by the client when it
/// leaves Graph's host). Pages after the first wait for room in the tenant's call windows.
/// </summary>
public static class PagedList
{
    /// <summary>Null when every item was handed to <paramref name="add"/>; otherwise why the listing is not whole.</summary>
    public static Task<DefenderFailure?> ReadAllAsync<T>(
        CollectorCall api, ListRequest list, JsonTypeInfo<T> item, Action<T> add, CancellationToken cancellationToken) =>
        api.Surface == ApiSurface.Graph
            ? ReadByNextLinkAsync(api, list, ListPageReader.Into(item, add), cancellationToken)
            : ReadBySkipAsync(api, list, ListPageReader.Into(item, add), cancellationToken);

    private static async Task<DefenderFailure?> ReadBySkipAsync(CollectorCall api, ListRequest list, BodyReader<ListPage> reader, CancellationToken cancellationToken)
    {
        var read = 0L;
        ulong? previousFirst = null;
        for (var page = 0; page < list.MaxPages; page++)
        {
            var (answer, failure) = await PageAsync(api, list, api.UrlOf(list.PageUrl(skip: page * list.PageSize)), reader, page, cancellationToken).ConfigureAwait(false);
            if (failure is not null || answer is not { } body)
            {
                return failure;
            }

            if ((failure = Check(list, body, page, ref read, ref previousFirst)) is not null || body.Items < list.PageSize)
            {
                return failure;
            }
        }

        return OverBound(list);
    }

    private static async Task<DefenderFailure?> ReadByNextLinkAsync(CollectorCall api, ListRequest list, BodyReader<ListPage> reader, CancellationToken cancellationToken)
    {
        var read = 0L;
        ulong? previousFirst = null;
        var url = api.UrlOf(list.PageUrl());
        for (var page = 0; page < list.MaxPages; page++)
        {
            var (answer, failure) = await PageAsync(api, list, url, reader, page, cancellationToken).ConfigureAwait(false);
            if (failure is not null || answer is not { } body)
            {
                return failure;
            }

            if ((failure = Check(list, body, page, ref read, ref previousFirst)) is not null || body.NextLink is not { } next)
            {
                return failure;
            }

            if (!Uri.TryCreate(next, UriKind.Absolute, out url))
            {
                return new DefenderFailure(FailureReason.InvalidResponse, "@odata.nextLink is not an absolute URL");
            }
        }

        return OverBound(list);
    }

    /// <summary>One page: its body, or the failure; neither when the first page is a 404 that means "no items".</summary>
    private static async Task<(ListPage? Page, DefenderFailure? Failure)> PageAsync(
        CollectorCall api, ListRequest list, Uri url, BodyReader<ListPage> reader, int page, CancellationToken cancellationToken)
    {
        if (page > 0)
        {
            await api.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
        }

        var response = await api.GetAsync(url, reader, cancellationToken, notFoundIsEmpty: list.NotFoundIsEmpty && page == 0).ConfigureAwait(false);
        return (response.NotFound ? null : response.Value, response.Failure);
    }

    private static DefenderFailure? Check(ListRequest list, ListPage body, int page, ref long read, ref ulong? previousFirst)
    {
        if (page > 0 && body.Items > 0 && body.FirstItemHash == previousFirst)
        {
            return new DefenderFailure(FailureReason.InvalidResponse, $"page {page + 1} repeats page {page} of {list.ItemName}; not counted twice");
        }

        previousFirst = body.FirstItemHash;
        read += body.Items;
        return read > list.MaxItems ? OverBound(list) : null;
    }

    private static DefenderFailure OverBound(ListRequest list) =>
        new(FailureReason.InvalidResponse, $"more than {list.MaxItems} {list.ItemName}, the bound of one poll; not published partially");
}
