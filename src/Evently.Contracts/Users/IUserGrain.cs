using Orleans.Concurrency;

namespace Evently.Contracts.Users;

/// <summary>
/// One user, keyed by user id: the in-memory copy every authenticated request checks (active, role, version)
/// and the single writer of admin edits, so a disabled account is refused from the next request on.
/// </summary>
[Alias("Evently.IUserGrain")]
public interface IUserGrain : IGrainWithGuidKey
{
    /// <summary>The user, or null when there is none.</summary>
    [Alias("Get"), ReadOnly]
    Task<UserView?> GetAsync();

    /// <summary>
    /// The user, re-read first when <paramref name="version"/> (seen in the row at sign-in) is newer than memory: an
    /// operator's SQL edit reaches the grain at the user's next sign-in, and the token then carries the grain's stamp.
    /// </summary>
    [Alias("Observe")]
    Task<UserView?> ObserveAsync(int version);

    /// <summary>Changes role and/or active flag if <see cref="UpdateUser.ExpectedVersion"/> still matches.</summary>
    [Alias("Update")]
    Task<UserResult> UpdateAsync(UpdateUser command);

    /// <summary>
    /// Stores <paramref name="passwordHash"/> as the user's password and bumps the stamp, so every token issued before
    /// stops working at once; null when there is no such user.
    /// </summary>
    [Alias("SetPassword")]
    Task<UserView?> SetPasswordAsync(string passwordHash);

    /// <summary>Bumps the stamp: every token of the user issued so far stops working at once; null when there is no such user.</summary>
    [Alias("RevokeTokens")]
    Task<UserView?> RevokeTokensAsync();
}
