using System.Text.RegularExpressions;
using Evently.Api.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evently.IntegrationTests.Security;

/// <summary>Finding 1's root: keys and passwords printed in this repository must not protect anything outside Development.</summary>
public sealed partial class PublishedSecretsTests
{
    [Theory]
    [InlineData(SigningKeys.DevelopmentKey)]
    [InlineData("change-me-to-a-random-secret-of-at-least-32-bytes")]
    public void A_published_signing_key_is_refused_outside_Development_and_accepted_in_it(string key)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SigningKeys.Resolve(key, isDevelopment: false, null, NullLogger.Instance));
        var development = SigningKeys.Resolve(key, isDevelopment: true, null, NullLogger.Instance);

        Assert.StartsWith("Evently:Jwt:SigningKey is a published key", error.Message, StringComparison.Ordinal);
        Assert.Equal(key, System.Text.Encoding.UTF8.GetString(development));
    }

    [Fact]
    public async Task The_host_outside_Development_does_not_start_with_the_Development_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventlyApp.StartAsync(
            new Dictionary<string, string?> { ["Evently:Jwt:SigningKey"] = SigningKeys.DevelopmentKey }, shards: 1, environment: "Production"));

        Assert.Contains("Evently:Jwt:SigningKey is a published key", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_outside_Development_does_not_seed_the_documented_admin_password()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventlyApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["Evently:Admin:Password"] = AdminOptions.DefaultPassword,
                // Outside Development a webhook secret is required too: set, so the admin password is what stops the host.
                ["Evently:Webhooks:SigningSecret"] = "a-webhook-secret-only-this-test-uses",
            }, shards: 1, environment: "Production"));

        Assert.Contains("Evently:Admin:Password cannot be used: it is the published Development default", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_compose_carries_no_fixed_secret_and_requires_each_from_the_operator()
    {
        var compose = File.ReadAllLines(Path.Combine(RepoRoot(), "docker-compose.yml"));
        var secretLines = compose
            .Select(l => l.Split('#')[0])
            .Where(l => SecretSetting().IsMatch(l))
            .ToList();

        Assert.NotEmpty(secretLines);
        foreach (var line in secretLines)
        {
            // Every secret comes from the operator's .env: ${NAME:?message} stops `docker compose up` when it is missing.
            var value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
            Assert.True(RequiredVariable().IsMatch(value), $"docker-compose.yml holds a secret that is not a required variable: {line.Trim()}");
        }

        var text = string.Join('\n', compose);
        Assert.DoesNotContain("Password=evently", text, StringComparison.Ordinal);
        Assert.DoesNotContain("POSTGRES_PASSWORD: evently", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminOptions.DefaultPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("change-me", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(SigningKey|Password|PASSWORD|SigningSecret)\b.*:", RegexOptions.CultureInvariant)]
    private static partial Regex SecretSetting();

    [GeneratedRegex(@"\$\{[A-Z0-9_]+:\?[^}]+\}", RegexOptions.CultureInvariant)]
    private static partial Regex RequiredVariable();

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Evently.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Evently.sln not found above the test binaries.");
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : $"{error.Message} | {Flatten(error.InnerException)}";
}
