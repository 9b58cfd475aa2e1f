using System.Security.Claims;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Contracts.Events;
using Evently.Domain.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Events;

/// <summary>
/// Who may run an event (docs/api.md#organizers): its organizer and admins. Anyone else learns nothing of a draft
/// (<c>404 event_not_found</c>) and is refused a published event (<c>403 forbidden</c>), whose existence is public anyway.
/// </summary>
public static class EventOwnership
{
    /// <summary>
    /// Guards an <c>/events/{id}</c> endpoint: the organizer policy, then this event's organizer or an admin. The organizer
    /// never changes after creation, so a check before the write cannot be overtaken by it.
    /// </summary>
    public static TBuilder RequireEventOrganizer<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AuthPolicies.Organizer).AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            if (Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id)
                && await RefusalAsync(http.RequestServices.GetRequiredService<IGrainFactory>(), id, http.User) is { } refusal)
            {
                return refusal;
            }

            return await next(invocation);
        });

    /// <summary>
    /// Guards an <c>/events/{id}</c> endpoint that takes seats or shows them: a draft is <c>404 event_not_found</c> to anyone
    /// but its organizer and admins, before the handler runs, so nothing is done for them (<see cref="DraftGuard"/>).
    /// </summary>
    public static TBuilder HidesDrafts<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var http = invocation.HttpContext;
            if (Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id)
                && await http.RequestServices.GetRequiredService<DraftGuard>().HidesAsync(id, http.User))
            {
                return EventsApi.EventNotFound();
            }

            return await next(invocation);
        });

    /// <summary>Null when <paramref name="user"/> may run event <paramref name="id"/> (admins always: the handler answers a missing event).</summary>
    public static async Task<ProblemHttpResult?> RefusalAsync(IGrainFactory grains, Guid id, ClaimsPrincipal user)
    {
        if (user.IsAdmin())
        {
            return null;
        }

        var snapshot = await grains.GetGrain<IEventGrain>(id).GetAsync();
        if (snapshot is null)
        {
            return EventsApi.EventNotFound();
        }

        if (snapshot.OrganizerId == user.UserId())
        {
            return null;
        }

        return snapshot.Status == EventStatus.Draft
            ? EventsApi.EventNotFound()
            : Problems.Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only the event's organizer or an admin may do this.");
    }

    /// <summary>True when <paramref name="user"/> may see <paramref name="snapshot"/>: published events to anyone, drafts to their organizer and admins.</summary>
    public static bool CanSee(EventSnapshot snapshot, ClaimsPrincipal user) =>
        snapshot.Status != EventStatus.Draft
        || (user.Identity?.IsAuthenticated == true && (user.IsAdmin() || snapshot.OrganizerId == user.UserId()));
}
