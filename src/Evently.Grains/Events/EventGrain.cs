using Evently.Persistence.Storage;
using Evently.Contracts.Bookings;
using Evently.Contracts.Events;
using Evently.Contracts.Users;
using Evently.Contracts.Waitlists;
using Evently.Core;
using Evently.Core.Ports;
using Evently.Domain.Pricing;
using Evently.Grains.Options;
using Evently.Grains.Telemetry;
using Evently.Persistence.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Evently.Domain.Waitlists;

namespace Evently.Grains.Events;

/// <summary>
/// One event: a thin Orleans adapter over <see cref="EventCore"/>, which decides and group-commits. The grain gives it
/// activation, timers, a durable reminder and the store; a core whose commit failed asks to be deactivated, and the
/// next call loads a fresh one from the store.
/// </summary>
[Reentrant]
public sealed partial class EventGrain(
    IEventStore store,
    IOptions<BookingOptions> options,
    IOptions<PricingOptions> pricingOptions,
    BookingMetrics metrics,
    ICatalogFeed catalog,
    [FromKeyedServices(EventClock.Key)] TimeProvider time,
    ILogger<EventGrain> logger) : Grain, IEventGrain
{
    private EventCore _core = null!;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var coreOptions = new EventCoreOptions
        {
            MaxPending = options.Value.MaxPendingPerEvent,
            KeyWindow = TimeSpan.FromSeconds(options.Value.IdempotencyWindowSeconds),
            MaxKeys = options.Value.IdempotencyKeysInMemory,
            Pricing = new DemandPricing(pricingOptions.Value.Steps is { Count: > 0 } steps ? steps : null),
        };
        _core = new EventCore(this.GetPrimaryKey(), store, new GrainExpiry(this), time, coreOptions, new CoreObserver(metrics, logger, PublishCommitted));
        _core.Broken += DeactivateOnIdle;
        await _core.ActivateAsync(cancellationToken);
        await PullAdmissionsAsync();
    }

    /// <inheritdoc />
    public async Task<EventResult> CreateAsync(CreateEvent command)
    {
        var answer = await _core.CreateAsync(new NewEvent(command.OrganizerId, command.Name, command.Description, command.Venue,
            command.EventDate, command.TotalCapacity, command.Price, command.PricingPolicy, command.PromotionWindowMinutes,
            SaleTermsMapping.ToSettings(command.Sale), command.HoldMinutes, command.Draft));
        PublishCommitted();
        return ToResult(answer);
    }

    /// <inheritdoc />
    public Task<EventSnapshot?> GetAsync() => Task.FromResult(Gone(_core.Get() is { } view ? ToSnapshot(view) : null));

    /// <inheritdoc />
    public async Task<EventResult> UpdateAsync(UpdateEvent command) =>
        Gone(ToResult(await _core.UpdateAsync(new EventEdit(command.Name, command.Description, command.Venue, command.EventDate,
            command.TotalCapacity, command.PromotionWindowMinutes, command.ExpectedVersion, SaleTermsMapping.ToEdit(command.Sale), command.HoldMinutes,
            command.Publish))));

    /// <inheritdoc />
    public async Task<EventResult> CancelAsync() => Gone(ToResult(await _core.CancelEventAsync()));

    /// <inheritdoc />
    public async Task<EventResult> SetPriceAsync(decimal basePrice, string reason, Guid adminId) =>
        Gone(ToResult(await _core.SetPriceAsync(basePrice, reason, adminId)));

    /// <inheritdoc />
    public async Task<BookingResult> BookAsync(BookingRequest request) =>
        Gone(ToResult(await _core.BookAsync(request.UserId, request.Quantity, request.IdempotencyKey,
            SeatRequestOf(request.Seats, request.Section, request.Together))));

    /// <inheritdoc />
    public async Task<BookingResult> CancelBookingAsync(Guid bookingId, Guid callerId, bool callerIsAdmin) =>
        Gone(ToResult(await _core.CancelBookingAsync(bookingId, callerId, callerIsAdmin)));

    /// <inheritdoc />
    public async Task<CheckInResult> CheckInAsync(string bookingRef) => Gone(ToResult(await _core.CheckInAsync(bookingRef)));

    /// <inheritdoc />
    public async Task<WaitlistResult> JoinWaitlistAsync(Guid userId, int quantity, string? webhookUrl)
    {
        var answer = await _core.JoinWaitlistAsync(userId, quantity, webhookUrl);
        if (answer.Outcome == WaitlistOutcome.Ok && await IsDisabledAsync(userId))
        {
            // Disabled while this join was on its way: the account change's pass over waitlists may have missed the
            // entry (it reads committed rows), so the join stands the entry out of line itself.
            answer = await _core.SuspendUserAsync(userId);
        }

        return Gone(ToResult(answer));
    }

    /// <inheritdoc />
    public Task<WaitlistResult> GetWaitlistEntryAsync(Guid userId) => Task.FromResult(Gone(ToResult(_core.GetWaitlistEntry(userId))));

    /// <inheritdoc />
    public async Task<WaitlistResult> LeaveWaitlistAsync(Guid userId) => Gone(ToResult(await _core.LeaveWaitlistAsync(userId)));

    /// <inheritdoc />
    public Task<WaitlistPageView?> GetWaitlistAsync(int page, int pageSize) =>
        Task.FromResult(Gone(_core.WaitlistPage(page, pageSize) is { } found ? new WaitlistPageView(found.Items.Select(ToView).ToList(), found.TotalCount) : null));

    /// <inheritdoc />
    public async Task<WaitlistResult> SuspendUserAsync(Guid userId) => Gone(ToResult(await _core.SuspendUserAsync(userId)));

    /// <inheritdoc />
    public async Task<WaitlistResult> ResumeUserAsync(Guid userId) => Gone(ToResult(await _core.ResumeUserAsync(userId)));

    /// <inheritdoc />
    public Task<int> ExpireDuePromotionsAsync() => _core.ExpireDueAsync();

    /// <inheritdoc />
    public Task<BatchStats> GetBatchStatsAsync()
    {
        var stats = _core.Stats;
        return Task.FromResult(new BatchStats(stats.Batches, stats.BatchedRequests, stats.LargestBatch, stats.FailedBatches, this.RuntimeIdentity, _core.RememberedKeys));
    }

    /// <summary>The catalog read model hears of every commit (and the creation) at once; its catch-up covers a lost report.</summary>
    private void PublishCommitted()
    {
        if (_core.Committed is { } committed)
        {
            catalog.Changed(committed);
        }
    }

    /// <summary>
    /// Passes an answer through; when there is no such event, the activation goes once idle, so requests for ids that do
    /// not exist leave nothing behind (the next call for the id, a create perhaps, gets a fresh activation).
    /// </summary>
    private T Gone<T>(T answer)
    {
        if (_core.Committed is null)
        {
            DeactivateOnIdle();
        }

        return answer;
    }

    private async Task<bool> IsDisabledAsync(Guid userId)
    {
        try
        {
            return await GrainFactory.GetGrain<IUserGrain>(userId).GetAsync() is { IsActive: false };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The join is committed whatever this says; repeating the account change covers a user this could not read.
            LogUserUnreadable(logger, userId, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not read user {UserId} after a waitlist join")]
    private static partial void LogUserUnreadable(ILogger logger, Guid userId, Exception exception);
}
