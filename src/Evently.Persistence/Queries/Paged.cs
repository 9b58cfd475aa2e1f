namespace Evently.Persistence.Queries;

/// <summary>One page of a list and the total count across every shard.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long TotalCount);
