namespace Evently.Api.Notifications;

/// <summary>How many failed deliveries of <c>receiver</c> were queued again.</summary>
public sealed record ReceiverRedeliveryResponse(string Receiver, long Queued);
