using Evently.Contracts.Users;

namespace Evently.Api.Auth;

/// <summary>Answer of <c>POST /auth/login</c>.</summary>
public sealed record LoginResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, UserView User);
