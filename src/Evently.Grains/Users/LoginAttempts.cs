namespace Evently.Grains.Users;

/// <summary>
/// Failed sign-ins of one email per client address, slowing an address down rather than locking the account: the first
/// <see cref="LoginAttemptsOptions.FreeFailures"/> failures cost nothing, then each further try must wait twice as long
/// as the one before (1 s, 2 s, 4 s … up to <see cref="LoginAttemptsOptions.MaxDelaySeconds"/>) after the last failure.
/// An address's failures are forgotten after a success or <see cref="LoginAttemptsOptions.ForgetAfterSeconds"/> of quiet.
/// The account as a whole takes at most <see cref="LoginAttemptsOptions.FailuresPerAccount"/> remembered failures (a
/// guesser spread over many addresses); beyond them only addresses that signed in to it successfully while remembered
/// may try, so its owner is still let in from where they signed in before.
/// </summary>
public sealed class LoginAttempts(LoginAttemptsOptions options, TimeProvider time)
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _byAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _known = new(StringComparer.Ordinal);
    private int _failures;

    /// <summary>Addresses currently remembered.</summary>
    public int Count => _byAddress.Count;

    /// <summary>Null, counting a (provisional) failure, when <paramref name="address"/> may try now; else how long it must wait.</summary>
    public TimeSpan? Begin(string address)
    {
        var now = time.GetUtcNow();
        Forget(now);
        _byAddress.TryGetValue(address, out var entry);
        if (entry.Failures >= options.FreeFailures)
        {
            var allowedAt = entry.Last + Delay(entry.Failures);
            if (now < allowedAt)
            {
                return allowedAt - now;
            }
        }

        if (_failures >= options.FailuresPerAccount && !_known.ContainsKey(address))
        {
            return TimeSpan.FromSeconds(options.MaxDelaySeconds);
        }

        if (!_byAddress.ContainsKey(address) && _byAddress.Count >= options.MaxAddresses)
        {
            // Bounded memory under a spread-out attack: drop the address quiet the longest.
            Remove(_byAddress.MinBy(e => e.Value.Last).Key);
        }

        _byAddress[address] = (entry.Failures + 1, now);
        _failures++;
        return null;
    }

    /// <summary>The password was right.</summary>
    public void Succeeded(string address)
    {
        Remove(address);
        if (!_known.ContainsKey(address) && _known.Count >= options.MaxAddresses)
        {
            _known.Remove(_known.MinBy(e => e.Value).Key);
        }

        _known[address] = time.GetUtcNow();
    }

    // The wait before the try after `failures` failures.
    private TimeSpan Delay(int failures)
    {
        var doublings = Math.Min(failures - options.FreeFailures, 30);
        return TimeSpan.FromSeconds(Math.Min(options.MaxDelaySeconds, 1L << doublings));
    }

    private void Forget(DateTimeOffset now)
    {
        var horizon = now - TimeSpan.FromSeconds(options.ForgetAfterSeconds);
        foreach (var (address, entry) in _byAddress)
        {
            if (entry.Last < horizon)
            {
                Remove(address);
            }
        }
    }

    private void Remove(string address)
    {
        if (_byAddress.Remove(address, out var entry))
        {
            _failures -= entry.Failures;
        }
    }
}
