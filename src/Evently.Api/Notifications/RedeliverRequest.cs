namespace Evently.Api.Notifications;

/// <summary><c>{ receiver }</c>: an origin (or any URL of it) whose failed deliveries to queue again.</summary>
public sealed record RedeliverRequest(string? Receiver);
