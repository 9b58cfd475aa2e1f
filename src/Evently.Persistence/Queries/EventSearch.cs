namespace Evently.Persistence.Queries;

/// <summary>Browse filters: date range, free text over name/description/venue, venue, paging.</summary>
public sealed record EventSearch(DateTimeOffset From, DateTimeOffset? To, string? Text, string? Venue, int Page, int PageSize);
