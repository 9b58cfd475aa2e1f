namespace Evently.Contracts.Sales;

/// <summary>
/// A validated change to the sale settings: null dates stay; the limit and the waiting room change only when their
/// <c>Sets…</c> flag is on, so that an explicit <c>null</c> clears them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SaleChange(
    [property: Id(0)] DateTimeOffset? SalesStartAt,
    [property: Id(1)] DateTimeOffset? SalesEndAt,
    [property: Id(2)] bool SetsMaxTicketsPerUser,
    [property: Id(3)] int? MaxTicketsPerUser,
    [property: Id(4)] bool SetsWaitingRoom,
    [property: Id(5)] WaitingRoomTerms? WaitingRoom);
