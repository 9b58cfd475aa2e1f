namespace Evently.Grains.Users;

/// <summary>
/// Failed sign-ins of one email per client address, slowing an address down rather than locking the account: the first
/// <see cref="LoginAttemptsOptions.FreeFailures"/> failures cost nothing, then each further try must wait twice as long
/// as the one before (1 s, 2 s, 4 s … up to <see cref="LoginAttemptsOptions.MaxDelaySeconds"/>) after the last failure.
/// An address's failures are forgotten after a success or <see cref="LoginAttemptsOptions.ForgetAfterSeconds"/> of quiet.
/// </summary>
public sealed class LoginAttempts(LoginAttemptsOptions options, TimeProvider time)
{
    private readonly Dictionary<string, (int Failures, DateTimeOffset Last)> _byAddress = new(StringComparer.Ordinal);

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

        if (!_byAddress.ContainsKey(address) && _byAddress.Count >= options.MaxAddresses)
        {
            // Bounded memory under a spread-out attack: drop the address quiet the longest.
            _byAddress.Remove(_byAddress.MinBy(e => e.Value.Last).Key);
        }

        _byAddress[address] = (entry.Failures + 1, now);
        return null;
    }

    /// <summary>The password was right.</summary>
    public void Succeeded(string address) => _byAddress.Remove(address);

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
                _byAddress.Remove(address);
            }
        }
    }
}
