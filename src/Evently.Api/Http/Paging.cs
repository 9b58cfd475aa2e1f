namespace Evently.Api.Http;

/// <summary>Paging (docs/api.md#conventions): <c>page</c> from 1, <c>pageSize</c> 1..100 (default 20).</summary>
public static class Paging
{
    /// <summary>Deepest page served; deeper pages of a cross-shard list cost every shard too much.</summary>
    public const int MaxPage = 10_000;

    /// <summary>Checks and defaults the paging parameters.</summary>
    public static (int Page, int PageSize) Read(int? page, int? pageSize, FieldErrors errors)
    {
        errors.Check(page is < 1 or > MaxPage, "page", $"page must be 1..{MaxPage}.");
        errors.Check(pageSize is < 1 or > 100, "pageSize", "pageSize must be 1..100.");
        return (page ?? 1, pageSize ?? 20);
    }
}
