using Evently.Domain.Users;

namespace Evently.Persistence.Users;

/// <summary>A <c>users</c> row: the user plus the password hash, which never leaves the front end.</summary>
public sealed record UserRecord(User User, string PasswordHash);
