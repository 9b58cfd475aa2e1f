using Evently.Core.Batches;
using Evently.Domain.Waitlists;

namespace Evently.Core.Machine;

/// <summary>
/// What the parts of the machine add to the life of a batch, as <see cref="EventState"/> runs it: the rows a sealed
/// batch writes, what must hold before it commits, what memory learns once it is durable and once it failed, and who
/// hears of a price change.
/// </summary>
/// <param name="Seal">Fills in the rows of a batch leaving for the store (the event itself is already in it).</param>
/// <param name="BeforeCommit">Awaited before a sealed batch is sent; a throw fails it uncommitted.</param>
/// <param name="Committed">The batch is durable (the committed event is already updated).</param>
/// <param name="Failed">A batch failed (this activation is already broken).</param>
/// <param name="PriceWatchers">Who is told when demand pricing moves the price: everyone waiting on the waitlist.</param>
internal sealed record EventHooks(
    Action<EventBatch> Seal,
    Func<EventBatch, Task> BeforeCommit,
    Action<EventBatch, TimeSpan> Committed,
    Action Failed,
    Func<IEnumerable<WaitlistEntry>> PriceWatchers);
