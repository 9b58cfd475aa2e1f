namespace Evently.Api.Waitlists;

/// <summary>Body of <c>POST /events/{id}/waitlist</c>.</summary>
public sealed record JoinWaitlistRequest(int? Quantity, NotificationPreferences? NotificationPreferences);
