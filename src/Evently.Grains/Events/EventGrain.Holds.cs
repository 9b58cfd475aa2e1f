using Evently.Contracts.Holds;
using Evently.Core.Answers;
using Evently.Domain.Holds;
using CoreHold = Evently.Core.Answers.HoldOutcome;

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
        Map(answer.Outcome),
        answer.Hold is { } hold ? ToView(hold) with { Seats = answer.Booking is null ? answer.Seats : null } : null,
        answer.Booking is { } booking ? ToView(booking, answer.Seats) : null,
        answer.AvailableSeats,
        answer.Refusal is { } refusal ? Map(refusal) : null,
        answer.SalesStartAt,
        answer.Remaining,
        answer.Seats);

    private HoldView ToView(Hold hold) => new(hold.Id, hold.EventId, hold.UserId, hold.Quantity, hold.UnitPrice, hold.TotalAmount,
        hold.VisibleStatus(time.GetUtcNow()), hold.ExpiresAt, hold.CreatedAt, hold.BookingId, hold.ResolvedAt);

    private static Contracts.Holds.HoldOutcome Map(CoreHold outcome) => outcome switch
    {
        CoreHold.Held => Contracts.Holds.HoldOutcome.Held,
        CoreHold.Replayed => Contracts.Holds.HoldOutcome.Replayed,
        CoreHold.Confirmed => Contracts.Holds.HoldOutcome.Confirmed,
        CoreHold.AlreadyConfirmed => Contracts.Holds.HoldOutcome.AlreadyConfirmed,
        CoreHold.Released => Contracts.Holds.HoldOutcome.Released,
        CoreHold.Refused => Contracts.Holds.HoldOutcome.Refused,
        CoreHold.EventNotFound => Contracts.Holds.HoldOutcome.EventNotFound,
        CoreHold.HoldNotFound => Contracts.Holds.HoldOutcome.HoldNotFound,
        CoreHold.HoldExpired => Contracts.Holds.HoldOutcome.HoldExpired,
        CoreHold.HoldConfirmed => Contracts.Holds.HoldOutcome.HoldConfirmed,
        CoreHold.KeyReused => Contracts.Holds.HoldOutcome.KeyReused,
        CoreHold.Unavailable => Contracts.Holds.HoldOutcome.Unavailable,
        _ => Contracts.Holds.HoldOutcome.OutcomeUnknown,
    };
}
