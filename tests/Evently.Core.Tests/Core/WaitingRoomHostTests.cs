using Evently.Core.Queues;
using Evently.Core.Tests.Simulation;
using Evently.Domain.Sales;
using Microsoft.Extensions.Time.Testing;

namespace Evently.Core.Tests.Core;

/// <summary>The waiting room with its store and its hand-off to the event: what is shown, and when writes fail.</summary>
public sealed class WaitingRoomHostTests
{
    private static readonly DateTimeOffset Opens = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid EventId = new("0190a3c4-0000-7000-8000-0000000000bb");

    private static RoomStore Store() =>
        new(SaleSettings.Default(Opens, Opens.AddDays(1)) with { WaitingRoom = new WaitingRoomSettings(60, AdmissionMinutes: 5) });

    [Fact]
    public void An_admission_is_shown_only_once_the_event_knows_it_and_a_failed_hand_off_is_retried_on_the_next_tick() => OneThread.Run(async () =>
    {
        var time = new FakeTimeProvider(Opens.AddMinutes(-1));
        var store = Store();
        var eventKnows = new HashSet<Guid>();
        var eventReachable = false;
        var host = new WaitingRoomHost(EventId, store, time, admissions =>
        {
            if (!eventReachable)
            {
                return Task.FromException(new TimeoutException("The event grain did not answer."));
            }

            eventKnows.UnionWith(admissions.Select(a => a.UserId));
            return Task.CompletedTask;
        });
        await host.OpenAsync();
        var user = Guid.NewGuid();
        Assert.Equal(JoinResult.Joined, (await host.JoinAsync(user, null)).Result);

        time.SetUtcNow(Opens);
        await host.TickAsync();
        Assert.Equal(QueueEntry.Admitted, store.Entries[user].Status);
        Assert.Empty(eventKnows);
        Assert.NotEqual(QueueEntry.Admitted, host.Find(user)!.Status);
        Assert.DoesNotContain(host.Find(user)!.Status, new[] { QueueEntry.Expired });

        // Nothing else changes in the room; the next tick hands the admission over again.
        eventReachable = true;
        time.Advance(TimeSpan.FromMilliseconds(100));
        await host.TickAsync();
        Assert.Contains(user, eventKnows);
        Assert.Equal(QueueEntry.Admitted, host.Find(user)!.Status);
    });

    [Fact]
    public void Of_two_activations_over_one_store_the_stale_one_fails_its_write_and_nothing_of_it_is_stored() => OneThread.Run(async () =>
    {
        var time = new FakeTimeProvider(Opens.AddMinutes(-1));
        var store = Store();
        var first = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask);
        var second = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask);
        await first.OpenAsync();
        await second.OpenAsync();

        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.Equal(JoinResult.Joined, (await second.JoinAsync(one, null)).Result);

        // The first activation is now stale: its write must not land.
        Assert.Equal(JoinResult.Unavailable, (await first.JoinAsync(two, null)).Result);
        Assert.True(first.Broken);
        Assert.False(store.Entries.ContainsKey(two));

        // Reloaded, it sees what the other wrote and takes joins again.
        var reloaded = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask);
        await reloaded.OpenAsync();
        Assert.NotNull(reloaded.Find(one));
        Assert.Equal(JoinResult.Joined, (await reloaded.JoinAsync(two, null)).Result);
        Assert.Equal(JoinResult.Unavailable, (await second.JoinAsync(Guid.NewGuid(), null)).Result);
    });

    [Fact]
    public void A_join_whose_write_fails_before_its_commit_is_unavailable_and_one_whose_answer_is_lost_is_unknown() => OneThread.Run(async () =>
    {
        var time = new FakeTimeProvider(Opens.AddMinutes(-1));
        var store = Store();
        var host = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask);
        await host.OpenAsync();
        store.NextWrite = StoreFault.BeforeCommit;
        var nothing = Guid.NewGuid();
        Assert.Equal(JoinResult.Unavailable, (await host.JoinAsync(nothing, null)).Result);
        Assert.False(store.Entries.ContainsKey(nothing));

        var reloaded = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask);
        await reloaded.OpenAsync();
        store.NextWrite = StoreFault.AfterCommit;
        var maybe = Guid.NewGuid();
        Assert.Equal(JoinResult.OutcomeUnknown, (await reloaded.JoinAsync(maybe, null)).Result);
        Assert.True(reloaded.Broken);
    });

    [Fact]
    public void An_admission_is_stored_only_once_the_wake_up_is_durable_and_one_that_cannot_be_made_durable_stores_nothing() => OneThread.Run(async () =>
    {
        var time = new FakeTimeProvider(Opens.AddMinutes(-1));
        var store = Store();
        var wakeUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var host = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask) { EnsureWakeUp = () => wakeUp.Task };
        await host.OpenAsync();

        // A join waits for no reminder (a new silo's reminder service may take many seconds to start).
        var user = Guid.NewGuid();
        Assert.Equal(JoinResult.Joined, (await host.JoinAsync(user, null)).Result);

        time.SetUtcNow(Opens);
        var tick = host.TickAsync();
        await ScriptedWrites.Turns();
        Assert.False(tick.IsCompleted);
        Assert.Equal(QueueEntry.Waiting, store.Entries[user].Status);
        Assert.Empty(store.Outbox);

        wakeUp.SetResult();
        await tick;
        Assert.Equal(QueueEntry.Admitted, store.Entries[user].Status);
        Assert.Single(store.Outbox);

        // An admission stored with nobody to wake the room after a crash might never reach the event: nothing is written.
        var other = Guid.NewGuid();
        var unwoken = new WaitingRoomHost(EventId, store, time, _ => Task.CompletedTask)
        {
            EnsureWakeUp = () => Task.FromException(new TimeoutException("The reminder service did not answer.")),
        };
        await unwoken.OpenAsync();
        Assert.Equal(JoinResult.Joined, (await unwoken.JoinAsync(other, null)).Result);
        time.Advance(TimeSpan.FromSeconds(1));
        await unwoken.TickAsync();
        Assert.Equal(QueueEntry.Waiting, store.Entries[other].Status);
        Assert.Single(store.Outbox);
        Assert.True(unwoken.Broken);
    });
}
