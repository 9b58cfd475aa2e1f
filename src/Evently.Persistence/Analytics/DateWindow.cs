using Npgsql;

namespace Evently.Persistence.Analytics;

/// <summary>
/// A half-open UTC window <c>[From, To)</c>; a missing bound is open, so no bounds means all time. Only the bounds that
/// are set reach the SQL. Sales are read per UTC day from <c>event_daily_sales</c> for the days the window covers whole,
/// and from <c>bookings</c> for the part-days at its edges (less than a day each, through the timestamp indexes).
/// </summary>
public sealed record DateWindow(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>All time.</summary>
    public static readonly DateWindow All = new();

    private DateTimeOffset? Start => From?.ToUniversalTime();

    private DateTimeOffset? End => To?.ToUniversalTime();

    private bool IsEmpty => Start is { } start && End is { } end && end <= start;

    /// <summary>First whole day (null: unbounded); days from it, before <see cref="EndDay"/>, lie wholly inside.</summary>
    private DateOnly? FirstDay => Start is { } start ? DayOf(start).AddDays(start == Midnight(DayOf(start)) ? 0 : 1) : null;

    /// <summary>The day after the last whole day (null: unbounded).</summary>
    private DateOnly? EndDay => End is { } end ? DayOf(end) : null;

    private bool HasWholeDays => !IsEmpty && !(FirstDay is { } first && EndDay is { } last && first >= last);

    /// <summary>The part-days the whole days leave out, as instants.</summary>
    private List<(DateTimeOffset From, DateTimeOffset To)> Edges
    {
        get
        {
            if (IsEmpty)
            {
                return [];
            }

            if (!HasWholeDays)
            {
                return [(Start!.Value, End!.Value)];
            }

            var edges = new List<(DateTimeOffset, DateTimeOffset)>(2);
            if (Start is { } start && start < Midnight(FirstDay!.Value))
            {
                edges.Add((start, Midnight(FirstDay.Value)));
            }

            if (End is { } end && Midnight(EndDay!.Value) < end)
            {
                edges.Add((Midnight(EndDay.Value), end));
            }

            return edges;
        }
    }

    /// <summary>"<paramref name="column"/> lies in the window", or <c>true</c> when unbounded; parameters from <see cref="BindInstants"/>.</summary>
    internal string Predicate(string column) => (Start, End) switch
    {
        (null, null) => "true",
        (not null, null) => $"{column} >= @from",
        (null, not null) => $"{column} < @to",
        _ => $"{column} >= @from AND {column} < @to",
    };

    /// <summary>"The date <paramref name="column"/> is a day the window covers whole"; parameters from <see cref="BindDays"/>.</summary>
    internal string WholeDays(string column) => (HasWholeDays, FirstDay, EndDay) switch
    {
        (false, _, _) => "false",
        (_, null, null) => "true",
        (_, not null, null) => $"{column} >= @first_day",
        (_, null, not null) => $"{column} < @end_day",
        _ => $"{column} >= @first_day AND {column} < @end_day",
    };

    /// <summary>"<paramref name="column"/> lies in a part-day edge of the window"; parameters from <see cref="BindEdges"/>.</summary>
    internal string PartDays(string column) =>
        Edges.Count == 0 ? "false" : string.Join(" OR ", Edges.Select((_, i) => $"({column} >= @edge{i}_from AND {column} < @edge{i}_to)"));

    /// <summary>Binds <see cref="Predicate"/>'s parameters.</summary>
    internal void BindInstants(NpgsqlCommand command)
    {
        AddIf(command, "from", Start);
        AddIf(command, "to", End);
    }

    /// <summary>Binds <see cref="WholeDays"/>' parameters.</summary>
    internal void BindDays(NpgsqlCommand command)
    {
        if (HasWholeDays)
        {
            AddIf(command, "first_day", FirstDay);
            AddIf(command, "end_day", EndDay);
        }
    }

    /// <summary>Binds <see cref="PartDays"/>' parameters.</summary>
    internal void BindEdges(NpgsqlCommand command)
    {
        var edges = Edges;
        for (var i = 0; i < edges.Count; i++)
        {
            command.Parameters.AddWithValue($"edge{i}_from", edges[i].From);
            command.Parameters.AddWithValue($"edge{i}_to", edges[i].To);
        }
    }

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void AddIf<T>(NpgsqlCommand command, string name, T? value)
        where T : struct
    {
        if (value is { } set)
        {
            command.Parameters.AddWithValue(name, set);
        }
    }
}
