namespace Evently.Persistence.Queries;

/// <summary>One confirmed booking of an event as its organizer sees it: who, how many, which seats (seated events).</summary>
public sealed record Attendee(string BookingRef, Guid BookingId, string UserName, int Quantity, IReadOnlyList<string>? Seats, DateTimeOffset CreatedAt);
