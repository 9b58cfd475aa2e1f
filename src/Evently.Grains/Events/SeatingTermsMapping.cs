using Evently.Contracts.Seating;
using Evently.Domain.Seating;

namespace Evently.Grains.Events;

/// <summary>Seating plans between the wire and the domain.</summary>
public static class SeatingTermsMapping
{
    /// <summary>The domain plan of wire terms (null parts stay null, for the rules to report).</summary>
    public static SeatingPlan ToPlan(SeatingPlanTerms terms) => new(
        terms.Sections?.Select(s => s is null ? null! : new PlanSection(s.Name!, s.Rows?.Select(r => r is null ? null! : new PlanRow(r.Label!, r.Seats, r.Categories)).ToList()!)).ToList()!,
        terms.Categories?.Select(c => c is null ? null! : new PriceCategory(c.Name!, c.Price)).ToList());

    /// <summary>The wire terms of a domain plan.</summary>
    public static SeatingPlanTerms ToTerms(SeatingPlan plan) => new(
        plan.Sections.Select(s => new SectionTerms(s.Name, s.Rows.Select(r => new RowTerms(r.Label, r.Seats, r.Categories)).ToList())).ToList(),
        plan.Categories?.Select(c => new CategoryTerms(c.Name, c.Price)).ToList());
}
