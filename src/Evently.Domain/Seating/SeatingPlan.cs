namespace Evently.Domain.Seating;

/// <summary>
/// An event's seating plan: sections of rows of numbered seats, and optional price categories (a row names one per
/// seat). Seat ids read <c>"&lt;section&gt;-&lt;row&gt;-&lt;number&gt;"</c>, numbers 1..n along the row.
/// </summary>
public sealed record SeatingPlan(IReadOnlyList<PlanSection> Sections, IReadOnlyList<PriceCategory>? Categories = null)
{
    /// <summary>The most seats one plan may have.</summary>
    public const int MaxSeats = 100_000;

    /// <summary>How many seats the plan has.</summary>
    public int SeatCount => Sections.Sum(s => s.Rows.Sum(r => r.Seats));
}

/// <summary>One section of a plan, its rows in order (the first is the best).</summary>
public sealed record PlanSection(string Name, IReadOnlyList<PlanRow> Rows);

/// <summary>One row: a label and its seat count, with the price category of each seat when the plan has categories.</summary>
public sealed record PlanRow(string Label, int Seats, IReadOnlyList<string>? Categories = null);

/// <summary>A price category: seats of it cost <see cref="Price"/> (times the demand step under demand pricing).</summary>
public sealed record PriceCategory(string Name, decimal Price);
