using Evently.Domain.Holds;
using Microsoft.Extensions.Time.Testing;

namespace Evently.Core.Tests.Core;

/// <summary>The durable reminder an activation registers, as a twin activation of the same event would need it.</summary>
public sealed class ExpiryReminderTests
{
    /// <summary>
    /// Two activations of one event can live at once (a split brain), and the reminder is the event's, not theirs: a fresh
    /// activation that registers it for the deadlines it loaded would move a twin's reminder later than the twin's own
    /// holds, committed after that load, need. So its first registration fires within a period; the reminder then ticks
    /// every period until the deadline.
    /// </summary>
    [Fact]
    public void A_fresh_activation_first_registers_the_reminder_within_a_period() => OneThread.Run(async () =>
    {
        var store = new ScriptedStore();
        store.Configure(e => e with { HoldMinutes = 10 });
        var core = new EventCore(ScriptedStore.EventId, store, store, new FakeTimeProvider(DateTimeOffset.UtcNow));
        await core.ActivateAsync();

        Assert.Equal(HoldOutcome.Held, (await core.HoldAsync(Guid.NewGuid(), 1, null)).Outcome);

        var first = Assert.Single(store.ReminderDues);
        Assert.True(first <= TimeSpan.FromMinutes(1), $"the first reminder is due in {first}, later than a period");
    });
}
