using System.Globalization;
using Evently.LoadGenerator.Http;

namespace Evently.LoadGenerator.Scenarios;

/// <summary>
/// Cancels the events a run created: a cancelled event leaves browse (which lists published events only) and its
/// bookings are refunded, so a rehearsal against a running system leaves no load-test events on sale.
/// </summary>
internal static class EventCleanup
{
    /// <summary>
    /// Cancels every event in <paramref name="created"/> as the admin (signed in afresh: an organizer's token from the
    /// start of a long run may have expired, and an admin may cancel any event); returns how many could not be cancelled.
    /// </summary>
    public static async Task<int> CancelAllAsync(EventlyApi api, EventlyTarget target, CreatedEvents created, Action<string>? phase, CancellationToken ct)
    {
        var events = created.TakeAll();
        if (events.Count == 0)
        {
            return 0;
        }

        phase?.Invoke(string.Create(CultureInfo.InvariantCulture, $"cancelling the {events.Count:N0} events this run created"));
        var admin = await api.LoginAsync(target.AdminEmail, target.AdminPassword, ct);
        var failed = 0;
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, target.SetupParallelism), CancellationToken = ct },
            async (id, token) =>
            {
                // Cancelling is idempotent, so an answer lost in transit (504) is simply asked again.
                var answer = await EventlyApi.WithRetriesAsync(
                    () => api.SendAsync(HttpMethod.Post, api.Url($"api/v1/events/{id}/cancel"), admin, null, null, token, successBody: false),
                    token, retryOutcomeUnknown: true);
                if (!answer.IsSuccess)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        return failed;
    }
}
