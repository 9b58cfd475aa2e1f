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

    /// <summary>
    /// The ids of seats given by their index in plan order (sections, rows, numbers), in the order given; one walk of
    /// the rows, so naming a booking's few seats needs no <see cref="SeatMap"/>. An index outside the plan throws.
    /// </summary>
    public IReadOnlyList<string> SeatIds(IReadOnlyList<int> seats)
    {
        ArgumentNullException.ThrowIfNull(seats);
        var ids = new string[seats.Count];
        var named = 0;
        var first = 0;
        foreach (var section in Sections)
        {
            foreach (var row in section.Rows)
            {
                for (var i = 0; i < seats.Count; i++)
                {
                    var number = seats[i] - first;
                    if (number >= 0 && number < row.Seats)
                    {
                        ids[i] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{section.Name}-{row.Label}-{number + 1}");
                        named++;
                    }
                }

                first += row.Seats;
            }
        }

        return named == seats.Count ? ids : throw new ArgumentOutOfRangeException(nameof(seats), "A seat index is outside the plan.");
    }
}

/// <summary>One section of a plan, its rows in order (the first is the best).</summary>
public sealed record PlanSection(string Name, IReadOnlyList<PlanRow> Rows);

/// <summary>One row: a label and its seat count, with the price category of each seat when the plan has categories.</summary>
public sealed record PlanRow(string Label, int Seats, IReadOnlyList<string>? Categories = null);

/// <summary>A price category: seats of it cost <see cref="Price"/> (times the demand step under demand pricing).</summary>
public sealed record PriceCategory(string Name, decimal Price);
