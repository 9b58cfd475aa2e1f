namespace Evently.Api.Users;

/// <summary>The caller's webhook signing secret (<c>whsec_</c> and base64), what its receivers verify deliveries with.</summary>
public sealed record WebhookSecretResponse(string Secret);
