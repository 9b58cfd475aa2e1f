namespace Evently.Contracts.Queues;

/// <summary>A user's place in an event's waiting room, as <c>POST /queue</c> and <c>GET /queue/me</c> return it.</summary>
[GenerateSerializer, Immutable]
public sealed record QueueView(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Status,
    [property: Id(2)] int? Position,
    [property: Id(3)] int? EstimatedWaitSeconds,
    [property: Id(4)] DateTimeOffset? AdmittedUntil,
    [property: Id(5)] DateTimeOffset JoinedAt);
