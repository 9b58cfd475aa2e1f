namespace Evently.Api.Users;

/// <summary>Body of <c>PATCH /admin/users/{id}</c>: any subset.</summary>
public sealed record UpdateUserRequest(string? Role, bool? IsActive);
