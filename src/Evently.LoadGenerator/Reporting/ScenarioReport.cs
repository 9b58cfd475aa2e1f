namespace Evently.LoadGenerator.Reporting;

/// <summary>What one scenario run measured and, when a database was given, what the database check found.</summary>
public sealed class ScenarioReport
{
    /// <summary>Scenario name: <c>flash-sale</c>, <c>open</c>, <c>mixed</c>, <c>baseline</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary><c>closed</c> (K clients in a loop) or <c>open</c> (fixed arrival rate).</summary>
    public required string Model { get; init; }

    /// <summary>Which variant ran, for scenarios that have several (the baseline's form and pool size); else null.</summary>
    public string? Variant { get; init; }

    /// <summary>Concurrent clients (closed model) or the connection limit (open model).</summary>
    public int Clients { get; init; }

    /// <summary>Distinct user accounts (tokens) the clients used.</summary>
    public int Users { get; init; }

    /// <summary>Capacity of the event (sum over events for <c>mixed</c>).</summary>
    public long Seats { get; init; }

    /// <summary>The event booked (single-event scenarios).</summary>
    public Guid? EventId { get; init; }

    /// <summary>Offered arrival rate, requests per second (open model only).</summary>
    public double? OfferedPerSecond { get; init; }

    /// <summary>Wall-clock seconds from the start of the clock to the last answer.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>Requests sent (every HTTP request or database transaction, retries included).</summary>
    public long Attempts { get; set; }

    /// <summary>Bookings confirmed (HTTP 201, or a committed baseline transaction).</summary>
    public long Confirmed { get; set; }

    /// <summary>Seats in the confirmed bookings.</summary>
    public long ConfirmedSeats { get; set; }

    /// <summary>Answers <c>409 sold_out</c> (baseline: an UPDATE that matched no row).</summary>
    public long SoldOut { get; set; }

    /// <summary>Answers <c>429</c>.</summary>
    public long RateLimited { get; set; }

    /// <summary>Any other answer or a transport failure.</summary>
    public long Errors { get; set; }

    /// <summary>Errors whose outcome is unknown to the client (timeouts, broken connections, 5xx other than 503).</summary>
    public long AmbiguousErrors { get; set; }

    /// <summary>Errors by kind (<c>"500"</c>, <c>"409 event_not_bookable"</c>, <c>"HttpRequestException"</c>, …).</summary>
    public Dictionary<string, long> ErrorKinds { get; init; } = [];

    /// <summary>Confirmed bookings per second of <see cref="DurationSeconds"/>.</summary>
    public double ConfirmedPerSecond { get; set; }

    /// <summary>Requests per second of <see cref="DurationSeconds"/>.</summary>
    public double AttemptsPerSecond { get; set; }

    /// <summary>Latency of every answered attempt (open model: from its intended send time).</summary>
    public LatencySummary Latency { get; set; } = new();

    /// <summary>Per-operation figures (<c>mixed</c>).</summary>
    public Dictionary<string, OperationStats>? Operations { get; set; }

    /// <summary>Server peak resident memory (VmHWM) in bytes, when the server process is known.</summary>
    public long? ServerPeakMemoryBytes { get; set; }

    /// <summary>CPU milliseconds per attempt of the client, the server and the database over the measured window.</summary>
    public CpuCost? CpuPerRequest { get; set; }

    /// <summary>Per-second series for the chart.</summary>
    public List<TimelinePoint> Timeline { get; init; } = [];

    /// <summary>The database check, when a connection string was given.</summary>
    public DatabaseCheckResult? DatabaseCheck { get; set; }

    /// <summary>The checkout flow's figures (<c>flash-sale --checkout</c> only).</summary>
    public Scenarios.CheckoutStats? Checkout { get; set; }

    /// <summary>The sale day's waiting-room figures (sale-day only).</summary>
    public Scenarios.SaleDayStats? SaleDay { get; set; }

    /// <summary>The door run's counts and its exactly-once check (door only).</summary>
    public Scenarios.DoorStats? Door { get; set; }

    /// <summary>Free-form remarks (why a run stopped early, what was skipped).</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>True when the database check ran.</summary>
    public bool DatabaseChecked => DatabaseCheck is not null;

    /// <summary>Seats sold beyond capacity (0 when not checked).</summary>
    public long Oversold => DatabaseCheck?.Oversold ?? 0;

    /// <summary>201s whose booking row is missing (0 when not checked).</summary>
    public long Lost => DatabaseCheck?.Lost ?? 0;

    /// <summary><c>available + held + Σ confirmed = capacity</c> held for every event; false when not checked.</summary>
    public bool InvariantHolds => DatabaseCheck?.InvariantHolds ?? false;

    /// <summary>The database check ran and passed, and no request failed.</summary>
    public bool Passed => DatabaseCheck is { Passed: true } && Errors == 0;
}

/// <summary>
/// CPU milliseconds each party spent per attempt while the clock ran (from <c>/proc</c>); null where that party's
/// process is not known. Steadier than requests per second on a shared machine.
/// </summary>
public sealed class CpuCost
{
    /// <summary>This load generator.</summary>
    public double ClientMs { get; init; }

    /// <summary>The server process (front end and silo).</summary>
    public double? ServerMs { get; init; }

    /// <summary>The PostgreSQL server (postmaster and its backends).</summary>
    public double? DatabaseMs { get; init; }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed class LatencySummary
{
    /// <summary>Number of recorded values.</summary>
    public long Count { get; init; }

    /// <summary>Mean in ms.</summary>
    public double MeanMs { get; init; }

    /// <summary>Median in ms.</summary>
    public double P50Ms { get; init; }

    /// <summary>95th percentile in ms.</summary>
    public double P95Ms { get; init; }

    /// <summary>99th percentile in ms.</summary>
    public double P99Ms { get; init; }

    /// <summary>99.9th percentile in ms.</summary>
    public double P999Ms { get; init; }

    /// <summary>Maximum in ms.</summary>
    public double MaxMs { get; init; }
}

/// <summary>Figures of one operation kind in the mixed scenario.</summary>
public sealed class OperationStats
{
    /// <summary>Requests sent.</summary>
    public long Attempts { get; set; }

    /// <summary>2xx answers.</summary>
    public long Succeeded { get; set; }

    /// <summary>Expected business conflicts (409 sold_out, seats_available, already_waitlisted, 404 for a gone booking…).</summary>
    public long Conflicts { get; set; }

    /// <summary>429 answers.</summary>
    public long RateLimited { get; set; }

    /// <summary>Anything else.</summary>
    public long Errors { get; set; }

    /// <summary>Latency of this operation.</summary>
    public LatencySummary Latency { get; set; } = new();
}

/// <summary>One second of a run.</summary>
public sealed class TimelinePoint
{
    /// <summary>Seconds since the clock started (end of the interval).</summary>
    public double Second { get; init; }

    /// <summary>Requests sent in the interval, per second.</summary>
    public double AttemptsPerSecond { get; init; }

    /// <summary>Bookings confirmed in the interval, per second.</summary>
    public double ConfirmedPerSecond { get; init; }

    /// <summary>p99 of the answers in the interval, ms (0 when none).</summary>
    public double P99Ms { get; init; }

    /// <summary>p50 of the answers in the interval, ms (0 when none).</summary>
    public double P50Ms { get; init; }

    /// <summary>Server resident memory at the end of the interval, MiB, when known.</summary>
    public double? ServerRssMiB { get; init; }
}

/// <summary>What the database says after a run.</summary>
public sealed class DatabaseCheckResult
{
    /// <summary>Databases in which the events were found.</summary>
    public List<string> Databases { get; init; } = [];

    /// <summary>Events looked for.</summary>
    public int EventsExpected { get; set; }

    /// <summary>Events found.</summary>
    public int EventsFound { get; set; }

    /// <summary>Events whose invariant did not hold.</summary>
    public int EventsViolatingInvariant { get; set; }

    /// <summary>Σ total_capacity.</summary>
    public long TotalCapacity { get; set; }

    /// <summary>Σ available_seats.</summary>
    public long AvailableSeats { get; set; }

    /// <summary>Σ held_seats.</summary>
    public long HeldSeats { get; set; }

    /// <summary>Seats sold according to the events rows: capacity − available − held.</summary>
    public long SeatsSold { get; set; }

    /// <summary>Confirmed booking rows for the events.</summary>
    public long ConfirmedRows { get; set; }

    /// <summary>Σ quantity of the confirmed booking rows.</summary>
    public long ConfirmedSeats { get; set; }

    /// <summary>Bookings the client was told are confirmed and still expects confirmed (201s minus its own successful cancels).</summary>
    public long ExpectedConfirmedRows { get; set; }

    /// <summary>Seats in those bookings.</summary>
    public long ExpectedConfirmedSeats { get; set; }

    /// <summary>Acknowledged booking ids found in the bookings table (any status).</summary>
    public long AcknowledgedFound { get; set; }

    /// <summary>Acknowledged booking ids missing from the bookings table.</summary>
    public long Lost { get; set; }

    /// <summary>Σ over events of max(0, confirmed seats − capacity).</summary>
    public long Oversold { get; set; }

    /// <summary>Confirmed rows the client never got a 201 for (e.g. a timed-out request that committed).</summary>
    public long UnacknowledgedRows { get; set; }

    /// <summary>Expected-confirmed bookings that are not confirmed in the table (cancelled behind the client's back).</summary>
    public long ExpectedButNotConfirmed { get; set; }

    /// <summary><c>available_seats + held_seats + Σ confirmed quantity = total_capacity</c> for every event found.</summary>
    public bool InvariantHolds { get; set; }

    /// <summary>Rows confirmed in the database equal the 201s received (net of the client's own cancels).</summary>
    public bool RowsMatchAcknowledged { get; set; }

    /// <summary>0 oversold, 0 lost, invariant held, every event found, and any mismatch of rows is explained by ambiguous errors.</summary>
    public bool Passed { get; set; }

    /// <summary>Human-readable reasons when not passed, and explanations.</summary>
    public List<string> Problems { get; init; } = [];
}
