using Evently.Contracts.Holds;
using Evently.Core.Answers;
using Evently.Domain.Holds;

namespace Evently.Grains.Events;

/// <summary>Checkout holds: the core's answers as wire records.</summary>
public sealed partial class EventGrain
{
    /// <inheritdoc />
    public async Task<HoldResult> HoldAsync(HoldRequest request) =>
        Gone(ToResult(await _core.HoldAsync(request.UserId, request.Quantity, request.IdempotencyKey,
            SeatRequestOf(request.Seats, request.Section, request.Together))));

    /// <inheritdoc />
    public async Task<HoldResult> GetHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin) =>
        Gone(ToResult(await _core.GetHoldAsync(holdId, callerId, callerIsAdmin)));

    /// <inheritdoc />
    public async Task<HoldResult> ConfirmHoldAsync(Guid holdId, Guid userId) => Gone(ToResult(await _core.ConfirmHoldAsync(holdId, userId)));

    /// <inheritdoc />
    public async Task<HoldResult> ReleaseHoldAsync(Guid holdId, Guid callerId, bool callerIsAdmin) =>
        Gone(ToResult(await _core.ReleaseHoldAsync(holdId, callerId, callerIsAdmin)));

    private HoldResult ToResult(HoldAnswer answer) => new(
        answer.Outcome,
        answer.Hold is { } hold ? ToView(hold) with { Seats = answer.Booking is null ? answer.Seats : null } : null,
        answer.Booking is { } booking ? ToView(booking, answer.Seats) : null,
        answer.AvailableSeats,
        answer.Refusal,
        answer.SalesStartAt,
        answer.Remaining,
        answer.Seats,
        answer.LongestRun);

    private HoldView ToView(Hold hold) => new(hold.Id, hold.EventId, hold.UserId, hold.Quantity, hold.UnitPrice, hold.TotalAmount,
        hold.VisibleStatus(time.GetUtcNow()), hold.ExpiresAt, hold.CreatedAt, hold.BookingId, hold.ResolvedAt);
}
