using System.Text;
using Evently.Api.Auth;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evently.IntegrationTests.Auth;

public sealed class StartupConfigurationTests
{
    [Fact]
    public void A_configured_key_shorter_than_256_bits_is_refused_everywhere()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SigningKeys.Resolve(new string('k', 31), isDevelopment: true, null, NullLogger.Instance));

        Assert.StartsWith("Evently:Jwt:SigningKey is too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_outside_Development_on_configured_databases_start_up_stops()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SigningKeys.Resolve(null, isDevelopment: false, null, NullLogger.Instance));

        Assert.StartsWith("Evently:Jwt:SigningKey is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Development_without_a_key_uses_the_documented_one()
    {
        var key = SigningKeys.Resolve(" ", isDevelopment: true, null, NullLogger.Instance);

        Assert.Equal(SigningKeys.DevelopmentKey, Encoding.UTF8.GetString(key));
        Assert.True(key.Length >= 32);
    }

    [Fact]
    public void On_the_embedded_database_a_random_key_is_generated_once_and_kept()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evently-key-{Guid.NewGuid():N}");
        try
        {
            var first = SigningKeys.Resolve(null, isDevelopment: false, folder, NullLogger.Instance);
            var second = SigningKeys.Resolve(null, isDevelopment: false, folder, NullLogger.Instance);

            Assert.Equal(first, second);
            Assert.True(first.Length >= 64);
            Assert.NotEqual(SigningKeys.DevelopmentKey, Encoding.UTF8.GetString(first));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, SigningKeys.FileName)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_host_does_not_start_with_a_short_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:Jwt:SigningKey"] = "short" }, shards: 1));

        Assert.Contains("Evently:Jwt:SigningKey is too short", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_does_not_start_with_an_unusable_admin_password()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:Admin:Password"] = "short" }, shards: 1));

        Assert.Contains("Evently:Admin: Email must be an email address and Password 8..128 characters", Flatten(error), StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : $"{error.Message} | {Flatten(error.InnerException)}";
}
