using Microsoft.AspNetCore.Mvc;

namespace Evently.Api.Http;

/// <summary>Paging (docs/api.md#conventions) in the query string (<c>[AsParameters]</c>): <c>page</c> from 1, <c>pageSize</c> 1..100 (default 20).</summary>
public sealed record PageRequest([FromQuery(Name = "page")] int? Page, [FromQuery(Name = "pageSize")] int? PageSize)
{
    /// <summary>The page and its size, defaulted; their problems are recorded in <paramref name="errors"/>.</summary>
    public (int Page, int PageSize) Read(FieldErrors errors) => Paging.Read(Page, PageSize, errors);
}
