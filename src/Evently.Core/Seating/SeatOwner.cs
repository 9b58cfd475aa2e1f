namespace Evently.Core.Seating;

/// <summary>
/// A seat that is not available, as the store holds it: sold to booking <see cref="Owner"/>, or held by the checkout
/// hold or waitlist promotion <see cref="Owner"/> when <see cref="Held"/>.
/// </summary>
public sealed record SeatOwner(int Seat, Guid Owner, bool Held);
