namespace Evently.Core.Batches;

/// <summary>
/// Seats one owner takes or gives back in a batch: a booking's sold seats (<c>booking_seats</c>), or a hold's or a
/// promotion's held seats (<c>held_seats</c>) when <see cref="Held"/>. An owner takes its seats once and gives them
/// back once; the store deletes the given-back rows (each must be there) before inserting the taken ones.
/// </summary>
public sealed record SeatWrite(Guid Owner, bool Held, int[] Seats, bool Take);
