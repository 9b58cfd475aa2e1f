using Evently.Domain.Holds;

namespace Evently.Core.Batches;

/// <summary>
/// A checkout hold to write as it stands after the batch. <see cref="IsNew"/> ones are inserted; the others resolve a
/// hold the store holds as <c>held</c>, and the store fails the whole batch unless each of them finds exactly that row.
/// </summary>
public sealed record HoldWrite(Hold Hold, bool IsNew);
