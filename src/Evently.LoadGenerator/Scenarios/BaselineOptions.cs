namespace Evently.LoadGenerator.Scenarios;

/// <summary>The classic design, straight over Npgsql: one transaction per booking on one hot events row.</summary>
public sealed class BaselineOptions
{
    /// <summary>
    /// Npgsql connection string of the server. Its database is used unless it is empty or <c>postgres</c>, in which case a
    /// scratch database <see cref="ScratchDatabase"/> is created. Tables live in schema <see cref="Schema"/>.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Name of the scratch database used when the connection string names none (or <c>postgres</c>).</summary>
    public string ScratchDatabase { get; set; } = "evently_loadgen_baseline";

    /// <summary>Schema of the baseline's own events/bookings tables (dropped and re-created each run).</summary>
    public string Schema { get; set; } = "baseline";

    /// <summary>Capacity of the event.</summary>
    public int Seats { get; set; } = 100_000;

    /// <summary>Concurrent workers (K).</summary>
    public int Clients { get; set; } = 1_000;

    /// <summary>
    /// Upper bound on database connections. Each worker has its own connection when Clients ≤ this; otherwise the
    /// workers share min(Clients, MaxConnections) pooled connections and wait for one per transaction.
    /// </summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary>Which form of the classic transaction the workers run.</summary>
    public BaselineForm Form { get; set; } = BaselineForm.ThreeStatements;

    /// <summary>Largest quantity per booking.</summary>
    public int MaxQuantity { get; set; } = 2;

    /// <summary>Stop if not sold out by then.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Seed of the random quantities.</summary>
    public int Seed { get; set; } = 3;

    internal IRunObserver? Observer { get; set; }
}

/// <summary>The two forms of the classic booking transaction.</summary>
public enum BaselineForm
{
    /// <summary><c>BEGIN; UPDATE … WHERE available_seats &gt;= q; INSERT …; COMMIT</c>: three round trips holding the row lock.</summary>
    ThreeStatements,

    /// <summary>
    /// <c>WITH u AS (UPDATE … WHERE available_seats &gt;= q RETURNING id) INSERT INTO bookings … SELECT … FROM u</c>: one
    /// autocommitted statement, one round trip, the row lock held only inside the server (the strongest classic form).
    /// </summary>
    OneStatement,
}
