using Evently.Core;

namespace Evently.Persistence.Catalog;

/// <summary>A page of the listing, the count of everything matching, and the cursor of the next page (null on the last).</summary>
public sealed record CatalogPage(IReadOnlyList<EventRecord> Items, int Page, int PageSize, long TotalCount, CatalogCursor? Next);
