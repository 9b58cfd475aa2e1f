using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Evently.Api.Waitlists;

/// <summary>Body of <c>POST /events/{id}/waitlist</c>; every member optional.</summary>
public sealed record JoinWaitlistRequest(
    [property: Range(1, 10), DefaultValue(1), Description("Seats wanted; counts toward maxTicketsPerUser.")] int? Quantity,
    [property: Description("Where to hear of a promotion besides in-app.")] NotificationPreferences? NotificationPreferences);
