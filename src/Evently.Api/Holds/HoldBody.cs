namespace Evently.Api.Holds;

/// <summary>Body of a hold request.</summary>
public sealed record HoldBody(int? Quantity);
