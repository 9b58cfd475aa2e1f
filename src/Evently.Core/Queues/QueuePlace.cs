namespace Evently.Core.Queues;

/// <summary>A user's place as they see it: status, dense 1-based position and wait while waiting and drawn.</summary>
public sealed record QueuePlace(QueueEntry Entry, string Status, int? Position, int? EstimatedWaitSeconds);
