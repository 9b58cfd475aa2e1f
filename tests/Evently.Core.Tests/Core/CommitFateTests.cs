using Evently.Core.Answers;
using Evently.Core.Ports;
using Evently.Domain.Events;
using Evently.Domain.Bookings;

namespace Evently.Core.Tests.Core;

/// <summary>What a client is told for each way a commit can end, and what the core does afterwards.</summary>
public sealed class CommitFateTests
{
    private static async Task<(EventCore Core, ScriptedStore Store)> StartAsync()
    {
        var store = new ScriptedStore();
        var core = new EventCore(ScriptedStore.EventId, store, store, TimeProvider.System);
        await core.ActivateAsync();
        return (core, store);
    }

    [Fact]
    public void A_committed_booking_is_confirmed_and_in_the_batch() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();

        var answer = await core.BookAsync(Guid.NewGuid(), 2, "k");

        Assert.Equal(BookingOutcome.Confirmed, answer.Outcome);
        Assert.Equal(answer.Booking!.Id, Assert.Single(Assert.Single(store.Committed).Bookings).Id);
        Assert.Equal(8, store.Event.Seats.AvailableSeats);
    });

    [Theory]
    [InlineData(StoreFailure.NotCommitted, BookingOutcome.Unavailable)]
    [InlineData(StoreFailure.Conflict, BookingOutcome.Unavailable)]
    [InlineData(StoreFailure.Unknown, BookingOutcome.OutcomeUnknown)]
    public void A_failed_commit_answers_what_is_known_and_stops_the_core(StoreFailure failure, BookingOutcome told) => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        store.NextCommitFails = new EventStoreException(failure, "scripted");
        var broken = false;
        core.Broken += () => broken = true;

        var answer = await core.BookAsync(Guid.NewGuid(), 1, null);

        Assert.Equal(told, answer.Outcome);
        Assert.True(broken);
        Assert.True(core.IsBroken);
        Assert.Equal(BookingOutcome.Unavailable, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);
        Assert.Empty(store.Committed);
    });

    [Theory]
    [InlineData(StoreFailure.Unknown, BookingOutcome.OutcomeUnknown)]
    [InlineData(StoreFailure.NotCommitted, BookingOutcome.Unavailable)]
    public void A_retry_that_shares_a_failed_request_is_told_what_the_request_was(StoreFailure failure, BookingOutcome told) => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        var user = Guid.NewGuid();
        store.NextCommitFails = new EventStoreException(failure, "scripted");

        // The retry arrives while the first request's batch is on its way, and waits for the same answer.
        var first = core.BookAsync(user, 1, "retried");
        var retry = core.BookAsync(user, 1, "retried");

        // A 503 says nothing happened: never for a booking whose commit may have landed.
        Assert.Equal(told, (await first).Outcome);
        Assert.Equal(told, (await retry).Outcome);
    });

    [Fact]
    public void Any_other_exception_from_the_store_is_an_unknown_outcome() => OneThread.Run(async () =>
    {
        var (core, store) = await StartAsync();
        store.NextCommitFails = new IOException("connection reset during COMMIT");

        Assert.Equal(BookingOutcome.OutcomeUnknown, (await core.BookAsync(Guid.NewGuid(), 1, null)).Outcome);
    });

    [Fact]
    public void A_replay_after_a_cancel_reports_the_booking_cancelled() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync();
        var user = Guid.NewGuid();
        var booked = await core.BookAsync(user, 1, "key-1");

        var cancelled = await core.CancelBookingAsync(booked.Booking!.Id, user, callerIsAdmin: false);
        var replay = await core.BookAsync(user, 1, "key-1");

        Assert.Equal(BookingOutcome.Cancelled, cancelled.Outcome);
        Assert.Equal(BookingOutcome.Replayed, replay.Outcome);
        Assert.Equal(booked.Booking.Id, replay.Booking!.Id);
        Assert.Equal(Evently.Domain.Bookings.BookingStatus.Cancelled, replay.Booking.Status);
    });

    [Fact]
    public void Concurrent_edits_from_one_version_let_exactly_one_win() => OneThread.Run(async () =>
    {
        var (core, _) = await StartAsync();
        var version = core.Committed!.EditVersion;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => core.UpdateAsync(new EventEdit(Name: $"n{i}", ExpectedVersion: version))));

        Assert.Single(answers, a => a.Outcome == EventOutcome.Ok);
        Assert.Equal(7, answers.Count(a => a.Outcome == EventOutcome.VersionMismatch));
    });
}
