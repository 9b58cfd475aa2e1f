namespace Evently.Domain.Sales;

/// <summary>An event's waiting room: how fast users are admitted, how long an admission lasts, when the queue opens.</summary>
public sealed record WaitingRoomSettings(int AdmitPerMinute, int AdmissionMinutes = 10, int OpensMinutesBefore = 30)
{
    /// <summary>The bounds of docs/api.md#events.</summary>
    public const int MaxAdmitPerMinute = 100_000, MaxAdmissionMinutes = 120, MaxOpensMinutesBefore = 1440;

    /// <summary>When users may start joining the queue of a sale opening at <paramref name="salesStartAt"/>.</summary>
    public DateTimeOffset QueueOpensAt(DateTimeOffset salesStartAt) => salesStartAt.AddMinutes(-OpensMinutesBefore);

    /// <summary>The even spacing between two admissions.</summary>
    public TimeSpan AdmissionInterval => TimeSpan.FromTicks(TimeSpan.TicksPerMinute / AdmitPerMinute);

    /// <summary>How long one admission lasts.</summary>
    public TimeSpan AdmissionLength => TimeSpan.FromMinutes(AdmissionMinutes);
}
