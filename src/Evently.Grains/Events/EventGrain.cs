using System.Diagnostics;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Domain.Events;
using Evently.Domain.Pricing;
using Evently.Domain.Sharding;
using Evently.Domain.Waitlists;
using Evently.Grains.Options;
using Evently.Grains.Telemetry;
using Evently.Persistence.Queries;
using Evently.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Evently.Grains.Events;

/// <summary>
/// One event. Requests are decided in memory, in arrival order, on the grain's single thread; what they
/// change is collected into a batch that commits as one transaction while the next batch fills
/// (group commit). Nobody is answered before their batch is durable. A failed commit answers the whole
/// batch, and everything decided after it, with <see cref="BookingOutcome.Unavailable"/> and rolls memory
/// back to the committed row.
/// </summary>
[Reentrant]
public sealed partial class EventGrain(
    [PersistentState("event", EventGrainStorage.Name)] IPersistentState<EventState> state,
    BookingReads bookingReads,
    IOptions<BookingOptions> options,
    IOptions<PricingOptions> pricingOptions,
    BookingMetrics metrics,
    TimeProvider time,
    ILogger<EventGrain> logger) : Grain, IEventGrain
{
    private readonly BookingOptions _options = options.Value;
    private readonly DemandPricing _pricing = new(pricingOptions.Value.Steps is { Count: > 0 } steps ? steps : null);
    private readonly Dictionary<(Guid User, string Key), (int Quantity, Task<BookingResult> Result)> _idempotency = [];
    private readonly Dictionary<Guid, Task<BookingResult>> _cancelling = [];
    private EventRow? _committed;
    private EventRow? _live;
    private CommitBatch _filling = new();
    private Waitlist _waitlist = new();
    private bool _broken;
    private bool _flushing;
    private int _pending;
    private long _batches;
    private long _batchedRequests;
    private int _largestBatch;
    private long _failedBatches;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = _live = state.State.Event;
        _waitlist = new Waitlist(state.State.LoadedWaitlist);
        state.State.LoadedWaitlist.Clear();
        if (_committed is not null)
        {
            // Retries must find their original booking even after this event was deactivated.
            foreach (var booking in await bookingReads.WithIdempotencyKeysAsync(_committed.Id, cancellationToken))
            {
                _idempotency[(booking.UserId, booking.IdempotencyKey!)] =
                    (booking.Quantity, Task.FromResult(new BookingResult(BookingOutcome.Replayed, booking, 0)));
            }

            // Promotions that ran out while no activation was alive expire now; the rest get their timer and reminder.
            await ExpireDuePromotionsAsync();
            await ScheduleExpiryAsync();
        }
    }

    /// <inheritdoc />
    public async Task<EventResult> CreateAsync(CreateEvent command)
    {
        if (_live is not null)
        {
            return EventResult.Of(EventOutcome.AlreadyExists);
        }

        var now = time.GetUtcNow();
        var row = new EventRow(this.GetPrimaryKey(), command.OrganizerId, command.Name, command.Description, command.Venue,
            command.EventDate, SeatLedger.ForCapacity(command.TotalCapacity), command.Price, command.Price,
            command.PricingPolicy, EventStatus.Published, command.PromotionWindowMinutes, 1, now, now);
        state.State.Event = row;
        await state.WriteStateAsync();
        _committed = _live = row;
        return new EventResult(EventOutcome.Ok, Snapshot(row));
    }

    /// <inheritdoc />
    public Task<EventSnapshot?> GetAsync() => Task.FromResult(_live is null ? null : Snapshot(_live));

    /// <inheritdoc />
    public Task<BatchStats> GetBatchStatsAsync() =>
        Task.FromResult(new BatchStats(_batches, _batchedRequests, _largestBatch, _failedBatches, this.RuntimeIdentity));

    private EventSnapshot Snapshot(EventRow row) => new(
        row.Id, row.OrganizerId, row.Name, row.Description, row.Venue, row.EventDate, row.Seats.TotalCapacity,
        row.Seats.AvailableSeats, row.Seats.HeldSeats, row.Price, row.BasePrice, row.PricingPolicy,
        BookingRules.VisibleStatus(row.Status, row.EventDate, time.GetUtcNow()), row.PromotionWindowMinutes,
        _waitlist.Length, row.Version, row.CreatedAt, row.UpdatedAt);

    /// <summary>Adds the caller to the filling batch, makes sure a commit is under way, and waits for the batch's fate.</summary>
    private Task<bool> Enlist(CommitBatch batch)
    {
        batch.Requests++;
        _pending++;
        if (!_flushing)
        {
            _flushing = true;
            _ = FlushAsync();
        }

        return WaitAsync(batch);
    }

    private async Task<bool> WaitAsync(CommitBatch batch)
    {
        try
        {
            return await batch.Done.Task;
        }
        finally
        {
            _pending--;
        }
    }

    private async Task FlushAsync()
    {
        try
        {
            while (_filling.Requests > 0)
            {
                var batch = _filling;
                _filling = new CommitBatch();
                var row = _live! with { UpdatedAt = time.GetUtcNow() };
                state.State.Event = row;
                state.State.NewBookings.AddRange(batch.Bookings);
                state.State.CancelledBookings.AddRange(batch.Cancellations);
                state.State.CancelAllBookings = batch.CancelEvent;
                state.State.PriceChanges.AddRange(batch.PriceChanges);
                state.State.Notifications.AddRange(batch.Notifications);
                WaitlistRows(batch, state.State);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await state.WriteStateAsync();
                }
                catch (Exception ex)
                {
                    state.State.ClearBatch();
                    FailFrom(batch, ex);
                    continue;
                }

                _committed = state.State.Event;
                _live = _live! with { Version = _committed!.Version, UpdatedAt = _committed.UpdatedAt };
                _batches++;
                _batchedRequests += batch.Requests;
                _largestBatch = Math.Max(_largestBatch, batch.Requests);
                metrics.BatchCommitted(batch.Requests, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                metrics.Confirmed(batch.Bookings.Count);
                metrics.Cancelled(batch.Cancellations.Count);
                batch.Done.SetResult(true);
            }
        }
        finally
        {
            _flushing = false;
        }
    }

    /// <summary>A commit failed: this batch and the one filling behind it (decided on top of it) fail; memory goes back to what is committed.</summary>
    private void FailFrom(CommitBatch batch, Exception ex)
    {
        LogCommitFailed(logger, ex, this.GetPrimaryKey(), batch.Requests + _filling.Requests);
        _failedBatches++;
        metrics.BatchFailed();
        var later = _filling;
        _filling = new CommitBatch();
        _live = _committed;
        if (batch.WaitlistChanges.Count > 0 || later.WaitlistChanges.Count > 0)
        {
            // The waitlist has no cheap undo: refuse everything until a fresh activation reloads it.
            _broken = true;
            DeactivateOnIdle();
        }

        batch.Done.SetResult(false);
        later.Done.SetResult(false);
        if (ex is InconsistentStateException)
        {
            // Another activation wrote this event: ours is stale. Refuse everything and reload on the next activation.
            _broken = true;
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Moves <see cref="_live"/> to new seats and, under demand pricing, to the price those seats call for,
    /// recording any price change in the filling batch (applied by <c>system</c>).
    /// </summary>
    private void ApplySeats(SeatLedger seats)
    {
        var live = _live! with { Seats = seats };
        var price = _pricing.PriceFor(live.PricingPolicy, live.BasePrice, seats);
        if (price != live.Price)
        {
            _filling.PriceChanges.Add(new PriceChange(Buckets.MintId(Buckets.Of(live.Id), time.GetUtcNow()), live.Price, price,
                price > live.Price ? "demand step up" : "demand step down", "system", time.GetUtcNow()));
            live = live with { Price = price };
            Notify(_waitlist.Open, "price_changed", new { eventId = live.Id, eventName = live.Name, oldPrice = _live!.Price, newPrice = price });
        }

        _live = live;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commit of event {EventId} failed; {Requests} requests answered unavailable")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, Guid eventId, int requests);
}
