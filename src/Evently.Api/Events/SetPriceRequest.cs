namespace Evently.Api.Events;

/// <summary>Body of <c>PUT /events/{id}/price</c>.</summary>
public sealed record SetPriceRequest(decimal? Price, string? Reason);
