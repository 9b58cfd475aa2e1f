using Evently.Grains.Users;
using Microsoft.Extensions.Time.Testing;

namespace Evently.IntegrationTests.Security;

/// <summary>Finding 4, the rule itself: failures slow one address down, by doubling waits, and never block the account.</summary>
public sealed class LoginAttemptsTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private LoginAttempts Attempts(int free = 3, int maxDelay = 60, int forget = 900, int maxAddresses = 1000, int perAccount = 100) =>
        new(new LoginAttemptsOptions
        {
            FreeFailures = free, MaxDelaySeconds = maxDelay, ForgetAfterSeconds = forget, MaxAddresses = maxAddresses, FailuresPerAccount = perAccount,
        }, _time);

    [Fact]
    public void Guesses_spread_over_many_addresses_are_capped_per_account_yet_the_owner_gets_in_from_where_they_signed_in()
    {
        var attempts = Attempts(free: 3, perAccount: 10);
        Assert.Null(attempts.Begin("owner-home"));
        attempts.Succeeded("owner-home");

        var bots = Enumerable.Range(0, 10).Select(i => attempts.Begin($"bot-{i}")).ToList();
        var eleventh = attempts.Begin("bot-new");
        var owner = attempts.Begin("owner-home");

        Assert.All(bots, Assert.Null);
        Assert.Equal(TimeSpan.FromSeconds(60), eleventh);
        Assert.Null(owner);
    }

    [Fact]
    public void After_the_free_failures_each_try_waits_twice_as_long_as_the_last_up_to_the_cap()
    {
        var attempts = Attempts(free: 3, maxDelay: 8);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(attempts.Begin("attacker"));
        }

        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var wait = attempts.Begin("attacker");
            Assert.NotNull(wait);
            waits.Add(wait.Value);
            _time.Advance(wait.Value);
            Assert.Null(attempts.Begin("attacker"));
        }

        Assert.Equal([1, 2, 4, 8, 8, 8], waits.Select(w => (int)w.TotalSeconds));
    }

    [Fact]
    public void Another_address_is_not_slowed_down_by_an_attacker()
    {
        var attempts = Attempts(free: 3);
        for (var i = 0; i < 10; i++)
        {
            attempts.Begin("attacker");
        }

        Assert.NotNull(attempts.Begin("attacker"));
        Assert.Null(attempts.Begin("owner"));
    }

    [Fact]
    public void A_success_or_quiet_time_forgets_the_failures()
    {
        var attempts = Attempts(free: 2, forget: 600);
        attempts.Begin("a");
        attempts.Begin("a");
        attempts.Begin("b");
        attempts.Begin("b");
        Assert.NotNull(attempts.Begin("a"));
        Assert.NotNull(attempts.Begin("b"));

        attempts.Succeeded("a");
        Assert.Null(attempts.Begin("a"));
        _time.Advance(TimeSpan.FromSeconds(601));
        Assert.Null(attempts.Begin("b"));
    }

    [Fact]
    public void Memory_per_email_is_bounded()
    {
        var attempts = Attempts(maxAddresses: 50);
        for (var i = 0; i < 500; i++)
        {
            attempts.Begin($"10.0.{i / 256}.{i % 256}");
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(50, attempts.Count);
    }
}
