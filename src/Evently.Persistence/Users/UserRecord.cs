using Evently.Contracts.Users;

namespace Evently.Persistence.Users;

/// <summary>A <c>users</c> row: the view plus the password hash, which never leaves the front end.</summary>
public sealed record UserRecord(UserView User, string PasswordHash);
