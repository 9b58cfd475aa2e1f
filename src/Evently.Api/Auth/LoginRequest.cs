namespace Evently.Api.Auth;

/// <summary>Body of <c>POST /auth/login</c>.</summary>
public sealed record LoginRequest(string? Email, string? Password);
