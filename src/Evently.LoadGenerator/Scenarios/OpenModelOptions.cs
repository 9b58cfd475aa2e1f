using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Open model: bookings arrive at a fixed rate whatever the answers do; latency counts from the intended send time.</summary>
public sealed class OpenModelOptions
{
    /// <summary>API, accounts, database for the check.</summary>
    public EventlyTarget Target { get; set; } = new();

    /// <summary>Offered bookings per second.</summary>
    public double Rate { get; set; } = 5_000;

    /// <summary>Measured duration.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Unmeasured lead-in at the same rate on the same event (JIT, connections, grain activation).</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Capacity of the event; 0 = large enough not to sell out (rate × time × MaxQuantity, at most 1,000,000).</summary>
    public int Seats { get; set; }

    /// <summary>Connection limit of the client created here.</summary>
    public int MaxConnections { get; set; } = 1_000;

    /// <summary>Distinct users; request n books as user n mod Users.</summary>
    public int Users { get; set; } = 2_000;

    /// <summary>Largest quantity per booking.</summary>
    public int MaxQuantity { get; set; } = 2;

    /// <summary>Seed of the random quantities.</summary>
    public int Seed { get; set; } = 7;

    internal IRunObserver? Observer { get; set; }

    internal UserSession? Session { get; set; }
}
