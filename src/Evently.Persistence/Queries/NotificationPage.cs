namespace Evently.Persistence.Queries;

/// <summary>
/// One page of a user's notifications. <see cref="TotalCount"/> counts at most <see cref="NotificationReads.MaxListed"/>
/// (only that many newest are listed); <see cref="HasMore"/> says whether a next page exists.
/// </summary>
public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, long TotalCount, bool HasMore);
