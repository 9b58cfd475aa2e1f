using Evently.Api.Auth;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Cheap password hashing (fewer PBKDF2 rounds than Identity's default) is a load test's set-up aid: refused outside
/// Development, so it can never protect real accounts; the default and anything stronger start everywhere.
/// </summary>
public sealed class CheapHashingTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(99_999)]
    public void Fewer_rounds_than_the_default_are_refused_outside_Development_and_accepted_in_it(int rounds)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PasswordHashingOptions.RefuseCheapHashingOutsideDevelopment(rounds, isDevelopment: false));
        PasswordHashingOptions.RefuseCheapHashingOutsideDevelopment(rounds, isDevelopment: true);

        Assert.StartsWith("Evently:PasswordHasher:IterationCount is", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused outside Development", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(100_000)]
    [InlineData(600_000)]
    public void The_default_or_more_rounds_are_accepted_everywhere(int? rounds) =>
        PasswordHashingOptions.RefuseCheapHashingOutsideDevelopment(rounds, isDevelopment: false);

    [Fact]
    public async Task The_host_outside_Development_does_not_start_with_cheap_hashing()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventlyApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Evently:PasswordHasher:IterationCount"] = "1000",
                // Outside Development a webhook secret is required too: set, so the hashing setting is what stops the host.
                ["Evently:Webhooks:SigningSecret"] = "a-webhook-secret-only-this-test-uses",
            }, shards: 1, environment: "Production"));

        Assert.Contains("Evently:PasswordHasher:IterationCount is 1000, below the default", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_in_Development_starts_with_cheap_hashing_and_signs_users_up()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:PasswordHasher:IterationCount"] = "1000" }, shards: 1);

        var (id, token) = await app.RegisterAsync();

        Assert.NotEqual(Guid.Empty, id);
        Assert.False(string.IsNullOrEmpty(token));
    }

    private static string Flatten(Exception error) => error is AggregateException many
        ? string.Join(" | ", many.Flatten().InnerExceptions.Select(e => e.ToString()))
        : error.ToString();
}
