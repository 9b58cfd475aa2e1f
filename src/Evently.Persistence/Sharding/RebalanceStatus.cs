using Evently.Domain.Sharding;

namespace Evently.Persistence.Sharding;

/// <summary>
/// Where the latest rebalance stands: <see cref="State"/> is <c>none</c> (never planned), <c>running</c> (a mover holds
/// it), <c>interrupted</c> (unfinished, no mover: starting again resumes it) or <c>finished</c>; moves planned and done
/// (done counts skipped ones: a bucket an operator moved elsewhere meanwhile), the move under way, and the rows.
/// </summary>
public sealed record RebalanceStatus(
    long? Run, string State, int Planned, int Done, RebalanceStep? Current, long RowsPlanned, long RowsDone,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
