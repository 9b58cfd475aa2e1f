using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>Many events, K clients doing browse / book / cancel / join-waitlist in the given proportions for a fixed time.</summary>
public sealed class MixedOptions
{
    /// <summary>API, accounts, database for the check.</summary>
    public EventlyTarget Target { get; set; } = new();

    /// <summary>Events created before the clock starts.</summary>
    public int Events { get; set; } = 1_000;

    /// <summary>
    /// Organizers (the admin, then accounts granted the organizer role) the events are created under, round-robin: an event's shard follows its organizer,
    /// so several spread the events over the shards. 1 = the admin alone (every event on one shard).
    /// </summary>
    public int Organizers { get; set; } = 16;

    /// <summary>Capacity of an ordinary event.</summary>
    public int EventSeats { get; set; } = 200;

    /// <summary>Share of "hot" events: small, they sell out, so waitlist joins and promotions happen.</summary>
    public double HotShare { get; set; } = 0.1;

    /// <summary>Capacity of a hot event.</summary>
    public int HotEventSeats { get; set; } = 10;

    /// <summary>Concurrent clients.</summary>
    public int Clients { get; set; } = 1_000;

    /// <summary>Distinct users; client i acts as user i mod Users.</summary>
    public int Users { get; set; } = 2_000;

    /// <summary>How long the clients run.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Relative weight of browsing (list events or read one event).</summary>
    public int BrowseWeight { get; set; } = 60;

    /// <summary>Relative weight of booking 1..2 seats.</summary>
    public int BookWeight { get; set; } = 25;

    /// <summary>Relative weight of cancelling one of the client's own bookings.</summary>
    public int CancelWeight { get; set; } = 10;

    /// <summary>Relative weight of joining a hot event's waitlist.</summary>
    public int WaitlistWeight { get; set; } = 5;

    /// <summary>Seed of the clients' choices.</summary>
    public int Seed { get; set; } = 11;

    internal IRunObserver? Observer { get; set; }

    internal UserSession? Session { get; set; }
}
