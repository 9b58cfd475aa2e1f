namespace Evently.Core.Queues;

/// <summary>A waiting room as stored: its entries and the version of its row, which every write checks and moves on.</summary>
public sealed record StoredRoom(IReadOnlyList<QueueEntry> Entries, long Version);
