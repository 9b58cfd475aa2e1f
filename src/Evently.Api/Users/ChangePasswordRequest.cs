namespace Evently.Api.Users;

/// <summary>Body of <c>POST /users/me/password</c>; members nullable so missing fields become field errors.</summary>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
