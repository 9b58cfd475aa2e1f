using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Closed-model flash sale: K clients book 1..MaxQuantity seats of one new event in a loop until it is sold out.</summary>
public sealed class FlashSaleOptions
{
    /// <summary>API, accounts, database for the check.</summary>
    public EventlyTarget Target { get; set; } = new();

    /// <summary>Capacity of the event (C).</summary>
    public int Seats { get; set; } = 100_000;

    /// <summary>Concurrent clients (K).</summary>
    public int Clients { get; set; } = 1_000;

    /// <summary>Distinct users (U); client i books as user i mod U.</summary>
    public int Users { get; set; } = 2_000;

    /// <summary>Largest quantity per booking; each attempt asks for 1..MaxQuantity seats.</summary>
    public int MaxQuantity { get; set; } = 2;

    /// <summary>Stop (and report) if the event is not sold out by then.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stop early after this many errors.</summary>
    public long MaxErrors { get; set; } = 10_000;

    /// <summary>Before the clock: one GET of the event per client, to open the connections and activate the grain.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Seed of the clients' random quantities.</summary>
    public int Seed { get; set; } = 42;

    internal IRunObserver? Observer { get; set; }

    internal UserSession? Session { get; set; }
}
