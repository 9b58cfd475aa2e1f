namespace Evently.Domain.Holds;

/// <summary>
/// Seats of one event held for one user while they pay, at a price fixed when the hold was made, until
/// <see cref="ExpiresAt"/>. Confirming it turns it into a booking (<see cref="BookingId"/>); releasing or expiring it
/// gives the seats back. Made with an <see cref="IdempotencyKey"/>, it keeps what its request asked for
/// (<see cref="IdempotencyRequest"/>), as a booking does.
/// </summary>
public sealed record Hold(
    Guid Id,
    Guid EventId,
    Guid UserId,
    int Quantity,
    decimal UnitPrice,
    decimal TotalAmount,
    string Status,
    DateTimeOffset ExpiresAt,
    Guid? BookingId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ResolvedAt,
    string? IdempotencyKey,
    string? IdempotencyRequest = null)
{
    /// <summary>True while the hold keeps its seats.</summary>
    public bool IsActive => Status == HoldStatus.Held;

    /// <summary>True once <paramref name="now"/> has reached the deadline: the hold can no longer be confirmed.</summary>
    public bool IsDue(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>The status a client sees: an active hold past its deadline reads as expired before its expiry is processed.</summary>
    public string VisibleStatus(DateTimeOffset now) => IsActive && IsDue(now) ? HoldStatus.Expired : Status;

    /// <summary>This hold resolved with <paramref name="status"/> at <paramref name="at"/>.</summary>
    public Hold Resolved(string status, DateTimeOffset at, Guid? bookingId = null) =>
        this with { Status = status, ResolvedAt = at, BookingId = bookingId };
}
