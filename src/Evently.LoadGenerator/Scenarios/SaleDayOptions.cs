using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// The sale day: one event with a waiting room; <see cref="Users"/> users join its queue before the sale opens, are
/// admitted at <see cref="AdmitPerMinute"/> and book once admitted, until the event is sold out.
/// </summary>
public sealed class SaleDayOptions
{
    /// <summary>API, accounts, database for the check.</summary>
    public EventlyTarget Target { get; set; } = new();

    /// <summary>Distinct users (U), queued and probing together.</summary>
    public int Users { get; set; } = 20_000;

    /// <summary>Capacity of the event (default: one seat per user, so it sells out before the queue is empty).</summary>
    public int Seats { get; set; } = 20_000;

    /// <summary>The waiting room's admission rate.</summary>
    public int AdmitPerMinute { get; set; } = 20_000;

    /// <summary>How long after the event's creation the sale opens (the time the pre-queue has to fill).</summary>
    public TimeSpan OpenIn { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of users who never join the queue and try to book anyway (each answer must be 403 admission_required).</summary>
    public double ProbeShare { get; set; } = 0.01;

    /// <summary>Largest quantity of an admitted user's booking (1..MaxQuantity).</summary>
    public int MaxQuantity { get; set; } = 2;

    /// <summary>Concurrent queue joins before the opening.</summary>
    public int JoinParallelism { get; set; } = 64;

    /// <summary>Longest wait between two polls of <c>GET /queue/me</c> (the poll follows half the estimated wait, at least 200 ms).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Stop (and report) if the event is not sold out by then, counted from the opening.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Seed of quantities, jitter and the choice of probing users.</summary>
    public int Seed { get; set; } = 42;

    internal IRunObserver? Observer { get; set; }

    internal UserSession? Session { get; set; }
}
