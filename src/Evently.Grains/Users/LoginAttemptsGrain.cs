using Evently.Contracts.Users;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Evently.Grains.Users;

/// <summary>
/// One email's failed sign-ins, in memory: one activation in the cluster, so N front ends allow no more guesses than one.
/// An idle activation (a flood of made-up emails leaves many) is collected after 15 minutes, the default forget time.
/// </summary>
[NoProfiling]
[CollectionAgeLimit(Minutes = 15)]
public sealed class LoginAttemptsGrain(IOptions<LoginAttemptsOptions> options, TimeProvider time) : Grain, ILoginAttemptsGrain
{
    private readonly LoginAttempts _attempts = new(options.Value, time);

    /// <inheritdoc />
    public Task<TimeSpan?> BeginAsync(string address)
    {
        var wait = _attempts.Begin(address);
        return Task.FromResult(wait);
    }

    /// <inheritdoc />
    public Task SucceededAsync(string address)
    {
        // The address is remembered as one the owner used: it may still try while a spread-out guesser is capped.
        _attempts.Succeeded(address);
        return Task.CompletedTask;
    }
}
