using System.ComponentModel;
using Evently.Api.Waitlists;

namespace Evently.Api.Queues;

/// <summary>Body of <c>POST /events/{id}/queue</c> (optional): where to hear of the admission besides in-app.</summary>
public sealed record JoinQueueRequest(
    [property: Description("Where to hear of the admission besides in-app.")] NotificationPreferences? NotificationPreferences);
