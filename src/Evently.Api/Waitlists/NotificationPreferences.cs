namespace Evently.Api.Waitlists;

/// <summary>How a waitlisted user wants to hear about promotions.</summary>
public sealed record NotificationPreferences(bool? InApp, string? WebhookUrl);
