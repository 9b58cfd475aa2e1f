namespace Evently.LoadGenerator.Scenarios;

/// <summary>What a sale day measured besides the bookings themselves.</summary>
public sealed class SaleDayStats
{
    public int AdmitPerMinute { get; set; }

    /// <summary>Users who joined before the opening (the pre-queue the lottery shuffles).</summary>
    public int PreQueued { get; set; }

    /// <summary>Users whose join reached the queue only after the opening (first come first served, not in the correlation).</summary>
    public int LateJoiners { get; set; }

    /// <summary>Pre-queue joins per second (before the opening).</summary>
    public double JoinsPerSecond { get; set; }

    /// <summary>Users seen admitted.</summary>
    public int Admitted { get; set; }

    /// <summary>Users still waiting when the event sold out (or the run stopped).</summary>
    public int StillWaiting { get; set; }

    /// <summary>Admissions that had expired before the user saw them.</summary>
    public int ExpiredBeforeSeen { get; set; }

    /// <summary>Time from the opening to the admission (server's admission time), ms.</summary>
    public double AdmissionP50Ms { get; set; }

    public double AdmissionP99Ms { get; set; }

    public double AdmissionMaxMs { get; set; }

    /// <summary>Spearman rank correlation of pre-queue join order and admission order (a fair lottery: ≈ 0).</summary>
    public double RankCorrelation { get; set; }

    /// <summary>Users admitted from the pre-queue that the correlation covers.</summary>
    public int CorrelatedUsers { get; set; }

    /// <summary>Polls of <c>GET /queue/me</c>.</summary>
    public long Polls { get; set; }

    /// <summary>Users who tried to book without joining the queue.</summary>
    public int ProbeUsers { get; set; }

    /// <summary>The answers they got, by kind (all must be <c>403 admission_required</c>).</summary>
    public Dictionary<string, long> ProbeAnswers { get; init; } = [];

    /// <summary>Bookings made by users without an admission (must be 0).</summary>
    public long BookingsWithoutAdmission { get; set; }

    /// <summary>Confirmed bookings per second from the opening to the end.</summary>
    public double BookingsPerSecond { get; set; }

    /// <summary>True when no booking was made without an admission and every probe was refused with admission_required.</summary>
    public bool AdmissionEnforced => BookingsWithoutAdmission == 0 && ProbeAnswers.Keys.All(k => k == "403 admission_required");
}
