using Evently.Api.Seating;

namespace Evently.Api.Holds;

/// <summary>Body of a hold request.</summary>
public sealed record HoldBody(int? Quantity, IReadOnlyList<string>? Seats = null, string? Section = null, bool? Together = null) : ISeatsBody;
