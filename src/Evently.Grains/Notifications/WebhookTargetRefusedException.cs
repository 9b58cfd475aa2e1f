namespace Evently.Grains.Notifications;

/// <summary>A webhook host resolved only to addresses webhooks may not target.</summary>
public sealed class WebhookTargetRefusedException(string message) : HttpRequestException(message);
