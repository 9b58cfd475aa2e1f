namespace Evently.Api.Auth;

/// <summary>Body of <c>POST /auth/register</c>; members nullable so missing fields become field errors.</summary>
public sealed record RegisterRequest(string? Email, string? Name, string? Password);
