namespace Evently.Domain.Users;

/// <summary>
/// An account of the directory: its role and whether it may sign in. <see cref="Version"/> grows with every change and
/// stamps the tokens issued under it. The password hash is not part of it (the store hands it out only to sign-in).
/// </summary>
public sealed record User(
    Guid Id, string Email, string Name, string Role, bool IsActive, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
