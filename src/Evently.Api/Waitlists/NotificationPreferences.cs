using System.ComponentModel;

namespace Evently.Api.Waitlists;

/// <summary>How a waitlisted user wants to hear about promotions.</summary>
public sealed record NotificationPreferences(
    [property: Description("Whether to notify in-app.")] bool? InApp,
    [property: Description("An https/http URL of a public address that receives signed webhooks (docs/webhooks.md).")] string? WebhookUrl);
