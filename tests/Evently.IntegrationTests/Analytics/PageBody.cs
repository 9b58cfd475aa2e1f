namespace Evently.IntegrationTests.Analytics;

/// <summary>The paged envelope.</summary>
public sealed record PageBody<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount);
