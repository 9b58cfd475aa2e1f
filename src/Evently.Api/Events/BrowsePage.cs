namespace Evently.Api.Events;

/// <summary>
/// Browse's page: the paged envelope (docs/api.md#conventions) plus <c>nextCursor</c>, a keyset cursor opening the next page (absent on
/// the last page). Passing it back as <c>cursor</c> (with the same filters, without <c>page</c>) continues after the last
/// event shown even when events were added or removed before it in the meantime.
/// </summary>
public sealed record BrowsePage(IReadOnlyList<EventResponse> Items, int Page, int PageSize, long TotalCount, string? NextCursor);
