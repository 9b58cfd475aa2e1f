using Evently.Contracts.Queues;
using Microsoft.Extensions.Logging;

namespace Evently.Grains.Events;

/// <summary>
/// Waiting-room admissions, kept in the core's memory: pushed by the queue grain as they are stored, and pulled from it
/// when this activation starts, so the booking path checks them without a database round trip.
/// </summary>
public sealed partial class EventGrain
{
    /// <inheritdoc />
    public Task AdmitAsync(IReadOnlyList<Admission> admissions)
    {
        _core.Admit(admissions.Select(a => (a.UserId, a.Until)));
        return Task.CompletedTask;
    }

    private async Task PullAdmissionsAsync()
    {
        if (_core.Committed?.Sale.WaitingRoom is null)
        {
            return;
        }

        try
        {
            _core.Admit((await GrainFactory.GetGrain<IWaitingRoomGrain>(this.GetPrimaryKey()).GetAdmissionsAsync()).Select(a => (a.UserId, a.Until)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Admissions pushed from now on still arrive; earlier ones are asked for again on the next activation.
            LogAdmissionsUnreadable(logger, this.GetPrimaryKey(), ex);
        }
    }

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Could not read the admissions of event {EventId} from its waiting room")]
    private static partial void LogAdmissionsUnreadable(ILogger logger, Guid eventId, Exception exception);
}
