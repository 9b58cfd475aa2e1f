namespace Evently.Grains.Hosting;

/// <summary>
/// The clock of the silo's cluster membership and of Orleans' watchdog: the system clock, with its monotonic timestamps
/// counted from the moment this clock was made (as the silo is built) instead of from the machine's boot.
/// </summary>
/// <remarks>
/// The watchdog starts the thread that checks for stalls before it takes the first timestamp of its participant check,
/// so that thread may compare the time with a timestamp still 0. Counted from boot, 0 reads as a participant check that
/// has not completed for the machine's whole uptime: a start-up warning ("Participant check thread has not completed
/// for …", as if after a long idle) and a local health event that lowers the silo's health score, more likely the busier
/// the machine. Counted from here, the same reading is the silo's own start-up time, under the watchdog's threshold
/// (twice <c>ClusterMembershipOptions.LocalHealthDegradationMonitoringPeriod</c>). Time between two real timestamps is
/// unchanged, and wall-clock time and timers are the system's. Orleans resolves this clock by the key
/// <c>TimeProviderNames.Membership</c>, its documented place for a clock of its own (docs/operations.md#logging).
/// </remarks>
internal sealed class MembershipClock : TimeProvider
{
    private readonly long _origin = TimeProvider.System.GetTimestamp();

    /// <inheritdoc />
    public override long GetTimestamp() => TimeProvider.System.GetTimestamp() - _origin;
}
