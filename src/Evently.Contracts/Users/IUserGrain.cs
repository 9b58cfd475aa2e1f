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

    /// <summary>Changes role and/or active flag if <see cref="UpdateUser.ExpectedVersion"/> still matches.</summary>
    [Alias("Update")]
    Task<UserResult> UpdateAsync(UpdateUser command);
}
