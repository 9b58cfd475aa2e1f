namespace Evently.Persistence.Catalog;

/// <summary>A browse request: the SQL's filters and either a page or a cursor (<see cref="After"/> wins).</summary>
public sealed record CatalogQuery(DateTimeOffset From, DateTimeOffset? To, string? Text, string? Venue, int Page, int PageSize, CatalogCursor? After = null);
