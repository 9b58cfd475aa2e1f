namespace Evently.Api.Http;

/// <summary><c>{ items, page, pageSize, totalCount }</c>.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount);
