namespace Evently.Contracts.Sales;

/// <summary>An event's sale settings on the wire (API 1.1): one shape for create, read and browse.</summary>
[GenerateSerializer, Immutable]
public sealed record SaleTerms(
    [property: Id(0)] DateTimeOffset SalesStartAt,
    [property: Id(1)] DateTimeOffset SalesEndAt,
    [property: Id(2)] int? MaxTicketsPerUser,
    [property: Id(3)] WaitingRoomTerms? WaitingRoom);
