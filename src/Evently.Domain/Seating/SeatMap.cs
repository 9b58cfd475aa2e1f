using System.Text;

namespace Evently.Domain.Seating;

/// <summary>
/// The live state of every seat of a seating plan, kept compact: one byte per seat in one array, rows as ranges of it,
/// and a free-seat count per row so best-available skips full rows. Seats are addressed by their index in plan order
/// (sections, then rows, then numbers); every seat is in exactly one <see cref="SeatState"/>, and the counts always
/// equal the states. Not thread-safe: one event's core owns it.
/// </summary>
public sealed class SeatMap
{
    private readonly byte[] _state;
    private readonly int[] _rowStart;
    private readonly int[] _rowFree;
    private readonly int[] _rowSection;
    private readonly int[] _sectionFirstRow;
    private readonly short[]? _category;
    private readonly Dictionary<string, int> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Section, string Label), int> _rows = [];

    /// <summary>A map of <paramref name="plan"/> (valid by <see cref="SeatingPlanRules"/>) with every seat available.</summary>
    public SeatMap(SeatingPlan plan)
    {
        Plan = plan;
        var rowCount = plan.Sections.Sum(s => s.Rows.Count);
        _rowStart = new int[rowCount + 1];
        _rowFree = new int[rowCount];
        _rowSection = new int[rowCount];
        _sectionFirstRow = new int[plan.Sections.Count + 1];
        var categories = plan.Categories is { Count: > 0 } defined
            ? defined.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => (short)x.i, StringComparer.Ordinal)
            : null;
        var seat = 0;
        var row = 0;
        for (var s = 0; s < plan.Sections.Count; s++)
        {
            _sections[plan.Sections[s].Name] = s;
            _sectionFirstRow[s] = row;
            foreach (var planRow in plan.Sections[s].Rows)
            {
                _rows[(s, planRow.Label)] = row;
                _rowStart[row] = seat;
                _rowFree[row] = planRow.Seats;
                _rowSection[row] = s;
                seat += planRow.Seats;
                row++;
            }
        }

        _sectionFirstRow[plan.Sections.Count] = row;
        _rowStart[rowCount] = seat;
        _state = new byte[seat];
        Available = seat;
        if (categories is not null)
        {
            _category = new short[seat];
            Array.Fill(_category, (short)-1);
            for (var r = 0; r < rowCount; r++)
            {
                var names = PlanRowAt(r).Categories;
                for (var n = 0; names is not null && n < names.Count; n++)
                {
                    _category[_rowStart[r] + n] = categories[names[n]];
                }
            }
        }
    }

    /// <summary>The plan this map follows.</summary>
    public SeatingPlan Plan { get; }

    /// <summary>How many seats there are.</summary>
    public int Capacity => _state.Length;

    /// <summary>Seats available.</summary>
    public int Available { get; private set; }

    /// <summary>Seats held.</summary>
    public int Held { get; private set; }

    /// <summary>Seats sold.</summary>
    public int Sold => Capacity - Available - Held;

    /// <summary>How many rows the plan has, over all sections.</summary>
    public int RowCount => _rowFree.Length;

    /// <summary>The state of one seat.</summary>
    public SeatState StateOf(int seat) => (SeatState)_state[seat];

    /// <summary>The section index of a section name, or null when the plan has no such section.</summary>
    public int? SectionIndex(string name) => _sections.TryGetValue(name, out var s) ? s : null;

    /// <summary>The id of a seat: <c>"&lt;section&gt;-&lt;row&gt;-&lt;number&gt;"</c>.</summary>
    public string SeatId(int seat)
    {
        var row = RowOf(seat);
        return $"{Plan.Sections[_rowSection[row]].Name}-{PlanRowAt(row).Label}-{seat - _rowStart[row] + 1}";
    }

    /// <summary>The seat an id names, or false when the plan has no such seat.</summary>
    public bool TryFind(string? seatId, out int seat)
    {
        seat = -1;
        if (string.IsNullOrEmpty(seatId))
        {
            return false;
        }

        var last = seatId.LastIndexOf('-');
        var middle = last > 0 ? seatId.LastIndexOf('-', last - 1) : -1;
        if (middle <= 0
            || !int.TryParse(seatId.AsSpan(last + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || !_sections.TryGetValue(seatId[..middle], out var section)
            || !_rows.TryGetValue((section, seatId[(middle + 1)..last]), out var row)
            || number < 1 || number > _rowStart[row + 1] - _rowStart[row])
        {
            return false;
        }

        seat = _rowStart[row] + number - 1;
        return true;
    }

    /// <summary>The price category's price of a seat; null when the plan or the seat has no category.</summary>
    public decimal? CategoryPrice(int seat) =>
        _category is null || _category[seat] < 0 ? null : Plan.Categories![_category[seat]].Price;

    /// <summary>
    /// The best available seats for <paramref name="quantity"/>, or null when there are none to be had: in the
    /// lowest-numbered row (plan order, within <paramref name="section"/> when given) that has <paramref name="quantity"/>
    /// free seats next to each other; without <paramref name="together"/>, the lowest row that has that many free seats
    /// at all (next to each other where that row allows), else the first free seats row by row. Changes nothing.
    /// </summary>
    public int[]? FindBestAvailable(int quantity, int? section = null, bool together = true)
    {
        if (quantity < 1)
        {
            return null;
        }

        var (first, end) = section is { } s ? (_sectionFirstRow[s], _sectionFirstRow[s + 1]) : (0, RowCount);
        for (var row = first; row < end; row++)
        {
            if (_rowFree[row] < quantity)
            {
                continue;
            }

            if (RunIn(row, quantity) is { } run)
            {
                return run;
            }

            if (!together)
            {
                return FirstFree(row, row + 1, quantity);
            }
        }

        return together ? null : FirstFree(first, end, quantity);
    }

    /// <summary>Seats available within one section, or in all when <paramref name="section"/> is null.</summary>
    public int AvailableIn(int? section = null)
    {
        var (first, end) = section is { } s ? (_sectionFirstRow[s], _sectionFirstRow[s + 1]) : (0, RowCount);
        var free = 0;
        for (var row = first; row < end; row++)
        {
            free += _rowFree[row];
        }

        return free;
    }

    /// <summary>The most available seats next to each other in one row, within one section (or all); changes nothing.</summary>
    public int LongestRun(int? section = null)
    {
        var (first, end) = section is { } s ? (_sectionFirstRow[s], _sectionFirstRow[s + 1]) : (0, RowCount);
        var longest = 0;
        for (var row = first; row < end; row++)
        {
            // A row with no more free seats than the longest run so far cannot hold a longer one.
            if (_rowFree[row] <= longest)
            {
                continue;
            }

            var run = 0;
            for (var seat = _rowStart[row]; seat < _rowStart[row + 1]; seat++)
            {
                run = _state[seat] == (byte)SeatState.Available ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
        }

        return longest;
    }

    /// <summary>Those of <paramref name="seats"/> that are not available (in the order given).</summary>
    public List<int> NotAvailable(IEnumerable<int> seats) => seats.Where(seat => _state[seat] != (byte)SeatState.Available).ToList();

    /// <summary>Moves every one of <paramref name="seats"/> from <paramref name="from"/> to <paramref name="to"/>: all or nothing.</summary>
    /// <exception cref="InvalidOperationException">A seat is not in <paramref name="from"/>, or appears twice; nothing changed.</exception>
    public void Move(IReadOnlyList<int> seats, SeatState from, SeatState to)
    {
        for (var i = 0; i < seats.Count; i++)
        {
            if (_state[seats[i]] != (byte)from)
            {
                // Undo what this call already moved, so a refused move leaves the map as it was.
                for (var j = 0; j < i; j++)
                {
                    Set(seats[j], from);
                }

                throw new InvalidOperationException($"Seat {SeatId(seats[i])} is {StateOf(seats[i])}, not {from}.");
            }

            Set(seats[i], to);
        }
    }

    /// <summary>Every seat available again (the event was cancelled).</summary>
    public void Clear()
    {
        Array.Clear(_state);
        for (var row = 0; row < RowCount; row++)
        {
            _rowFree[row] = _rowStart[row + 1] - _rowStart[row];
        }

        Available = Capacity;
        Held = 0;
    }

    /// <summary>One row's states as one character per seat: <c>a</c> available, <c>h</c> held, <c>s</c> sold.</summary>
    public string RowStates(int row)
    {
        var start = _rowStart[row];
        return string.Create(_rowStart[row + 1] - start, (_state, start), static (chars, x) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = x._state[x.start + i] switch { 0 => 'a', 1 => 'h', _ => 's' };
            }
        });
    }

    /// <summary>The rows of one section (or all), in plan order, as (section, row label, states).</summary>
    public IEnumerable<(string Section, string Row, string Seats)> Rows(int? section = null)
    {
        var (first, end) = section is { } s ? (_sectionFirstRow[s], _sectionFirstRow[s + 1]) : (0, RowCount);
        for (var row = first; row < end; row++)
        {
            yield return (Plan.Sections[_rowSection[row]].Name, PlanRowAt(row).Label, RowStates(row));
        }
    }

    /// <summary>A description of the seats, for messages: their ids joined.</summary>
    public string Describe(IEnumerable<int> seats)
    {
        var text = new StringBuilder();
        foreach (var seat in seats)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(SeatId(seat));
        }

        return text.ToString();
    }

    private void Set(int seat, SeatState to)
    {
        var from = (SeatState)_state[seat];
        if (from == to)
        {
            return;
        }

        _state[seat] = (byte)to;
        var row = RowOf(seat);
        if (from == SeatState.Available)
        {
            _rowFree[row]--;
            Available--;
        }
        else if (to == SeatState.Available)
        {
            _rowFree[row]++;
            Available++;
        }

        Held += (to == SeatState.Held ? 1 : 0) - (from == SeatState.Held ? 1 : 0);
    }

    private int RowOf(int seat)
    {
        var found = Array.BinarySearch(_rowStart, 0, RowCount, seat);
        if (found >= 0)
        {
            // Rows are never empty, so a start matches exactly one row.
            return found;
        }

        return ~found - 1;
    }

    private PlanRow PlanRowAt(int row) => Plan.Sections[_rowSection[row]].Rows[row - _sectionFirstRow[_rowSection[row]]];

    private int[]? RunIn(int row, int quantity)
    {
        var run = 0;
        for (var seat = _rowStart[row]; seat < _rowStart[row + 1]; seat++)
        {
            run = _state[seat] == (byte)SeatState.Available ? run + 1 : 0;
            if (run == quantity)
            {
                return Enumerable.Range(seat - quantity + 1, quantity).ToArray();
            }
        }

        return null;
    }

    private int[]? FirstFree(int firstRow, int endRow, int quantity)
    {
        var seats = new int[quantity];
        var found = 0;
        for (var row = firstRow; row < endRow && found < quantity; row++)
        {
            if (_rowFree[row] == 0)
            {
                continue;
            }

            for (var seat = _rowStart[row]; seat < _rowStart[row + 1] && found < quantity; seat++)
            {
                if (_state[seat] == (byte)SeatState.Available)
                {
                    seats[found++] = seat;
                }
            }
        }

        return found == quantity ? seats : null;
    }
}
