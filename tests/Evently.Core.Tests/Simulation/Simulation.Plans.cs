using Evently.Core.Answers;
using Evently.Domain.Events;
using Evently.Domain.Seating;

namespace Evently.Core.Tests.Simulation;

/// <summary>
/// The organizer sets a seating plan on a general-admission event or replaces the plan of a seated one, while clients
/// book, hold, cancel and get promoted. The rule (docs/api.md, seats_in_use): a plan is set only while no seat is sold or held, and
/// the capacity becomes its seat count. The store checks, as each batch is written, that no seat row of the old plan
/// survives a change and that every seat row lies in the plan; here, an accepted change is in the store, a refused one
/// never reaches it, and answers that raced a change are not judged by a plan they may not have seen.
/// </summary>
internal sealed partial class Simulation
{
    private readonly HashSet<SeatingPlan> _refusedPlans = new(ReferenceEqualityComparer.Instance);
    private int _planChangesStarted;
    private int _planChangesRunning;

    /// <summary>
    /// A plan unlike the schedule's rows of three: rows of two, three or four seats, in one section or two, from 2 to 16
    /// seats, so that a replacement moves capacity up or down and renames or drops seats that requests name.
    /// </summary>
    private static SeatingPlan OtherPlan(Op op)
    {
        var size = 2 + op.N % 3;
        var rows = Enumerable.Range(1, 1 + op.User % 3).Select(r => new PlanRow($"{r}", size)).ToList();
        var sections = new List<PlanSection> { new(op.N % 2 == 0 ? "A" : "C", rows) };
        if (op.User % 2 == 1)
        {
            sections.Add(new PlanSection("B", [new PlanRow("1", size)]));
        }

        return new SeatingPlan(sections);
    }

    private static string Describe(SeatingPlan plan) =>
        string.Join(" ", plan.Sections.Select(s => $"{s.Name}[{string.Join(",", s.Rows.Select(r => $"{r.Label}:{r.Seats}"))}]"));

    private async Task SetPlanAsync(Op op)
    {
        var plan = OtherPlan(op);
        var alone = PlanNow;
        // Captured before this operation itself is counted as running (it runs synchronously up to its first await).
        var onlyWork = (Running: _running, Started: _backgroundStarted);
        _planChangesStarted++;
        _planChangesRunning++;
        (SimActivation? Activation, EventAnswer? Answer) result;
        try
        {
            result = await Call(op, a => a.Core.SetSeatingPlanAsync(plan));
        }
        finally
        {
            _planChangesRunning--;
        }

        if (result is not ({ Dead: false }, { } answer))
        {
            return;
        }

        switch (answer.Outcome)
        {
            case EventOutcome.Ok when !alone.Running && _planChangesStarted == alone.Started + 1 && Store.Plan != plan
                && Store.Event.Status != EventStatus.Cancelled:
                // No other change ran (two can share a batch, the later one winning): the store's plan is the one just
                // accepted, its capacity the plan's seat count (checked with every batch).
                Violation($"plan {Describe(plan)} answered ok, the store has {(Store.Plan is { } now ? Describe(now) : "none")}"
                    + $"{(Store.PlansCommitted.Contains(plan) ? "" : " and never committed it")}");
                break;
            case EventOutcome.SeatsInUse when onlyWork.Running == 0 && _running == 1 && _backgroundStarted == onlyWork.Started + 1 && _io.Count == 0
                && result.Activation.Core.Committed?.Version == Store.Event.Version
                && Store.Event.Seats.SoldSeats + Store.Event.Seats.HeldSeats == 0:
                // Nothing else ran while it was decided, by an activation holding what the store holds: no seat was in use.
                Violation($"plan {Describe(plan)} refused as seats_in_use, the store has none sold or held");
                _refusedPlans.Add(plan);
                break;
            case EventOutcome.SeatsInUse or EventOutcome.NotModifiable or EventOutcome.NotFound or EventOutcome.Unavailable:
                _refusedPlans.Add(plan);
                break;
        }
    }

    /// <summary>What a seated check of an answer needs: the plan as it is, and no change of it started or ran since the request was sent.</summary>
    private (int Started, bool Running, SeatingPlan? Plan) PlanNow => (_planChangesStarted, _planChangesRunning > 0, Store.Plan);

    /// <summary>A twin behind the store may still seat by the plan it loaded: its refusals are not judged by the store's either.</summary>
    private bool PlanSettled((int Started, bool Running, SeatingPlan? Plan) atSend, SimActivation activation) =>
        !atSend.Running && _planChangesRunning == 0 && atSend.Started == _planChangesStarted && atSend.Plan == Store.Plan
        && activation.Core.Seating?.Plan == Store.Plan;

    /// <summary>A refused change changes nothing: its plan never reaches the store.</summary>
    private void CheckRefusedPlans()
    {
        foreach (var plan in _refusedPlans.Where(Store.PlansCommitted.Contains))
        {
            Violation($"plan {Describe(plan)} was refused, the store committed it");
        }
    }
}
