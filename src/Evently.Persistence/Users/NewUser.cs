namespace Evently.Persistence.Users;

/// <summary>A user to insert: email already normalised, password already hashed.</summary>
public sealed record NewUser(Guid Id, string Email, string Name, string PasswordHash, string Role);
