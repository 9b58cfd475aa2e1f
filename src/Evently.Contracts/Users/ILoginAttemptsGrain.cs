namespace Evently.Contracts.Users;

/// <summary>
/// The failed sign-ins of one (normalised) email, per client address, shared by every front end of the cluster. Keyed
/// by the email so unknown emails are throttled like known ones; an address guessing one account is slowed down without
/// slowing the owner, who signs in from elsewhere.
/// </summary>
[Alias("Evently.ILoginAttemptsGrain")]
public interface ILoginAttemptsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Null when <paramref name="address"/> may try a password now, and counts the try as a failure until
    /// <see cref="SucceededAsync"/> says otherwise; else how long that address must wait first.
    /// </summary>
    [Alias("Begin")]
    Task<TimeSpan?> BeginAsync(string address);

    /// <summary>The password was right: forgets the failures of <paramref name="address"/>.</summary>
    [Alias("Succeeded")]
    Task SucceededAsync(string address);
}
