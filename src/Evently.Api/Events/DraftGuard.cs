using System.Collections.Concurrent;
using System.Security.Claims;
using Evently.Api.Auth;
using Evently.Contracts.Events;
using Evently.Domain.Events;

namespace Evently.Api.Events;

/// <summary>
/// Keeps drafts hidden on the endpoints that take seats or show them (docs/api.md#drafts): anyone but a draft's organizer
/// and admins is told <c>404 event_not_found</c> before anything is done. An event leaves the draft state once and never
/// returns to it, so events seen published are remembered and cost a dictionary lookup from then on: the booking path
/// does not ask the event's grain twice.
/// </summary>
public sealed class DraftGuard(IGrainFactory grains)
{
    /// <summary>Beyond this many remembered events the memory starts afresh (it only saves grain calls).</summary>
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<Guid, byte> _published = new();

    /// <summary>
    /// True when event <paramref name="eventId"/> is a draft <paramref name="user"/> may not see. A missing event is not
    /// hidden here: the endpoint answers it as it always has.
    /// </summary>
    public async Task<bool> HidesAsync(Guid eventId, ClaimsPrincipal user)
    {
        if (_published.ContainsKey(eventId) || (user.Identity?.IsAuthenticated == true && user.IsAdmin()))
        {
            return false;
        }

        var snapshot = await grains.GetGrain<IEventGrain>(eventId).GetAsync();
        if (snapshot is null)
        {
            return false;
        }

        if (snapshot.Status != EventStatus.Draft)
        {
            if (_published.Count >= MaxRemembered)
            {
                _published.Clear();
            }

            _published.TryAdd(eventId, 0);
            return false;
        }

        return !EventOwnership.CanSee(snapshot, user);
    }
}
