namespace Evently.Api.Notifications;

/// <summary>A queued redelivery: <c>queued</c> is false when the notification was still pending anyway.</summary>
public sealed record RedeliveryResponse(Guid Id, string Status, bool Queued);
