using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using Evently.Contracts.Users;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evently.IntegrationTests.Security;

/// <summary>A hash weaker than the configured one is replaced at the next successful sign-in.</summary>
public sealed class PasswordRehashTests
{
    private const string Password = "Old-Hash-Password-7";

    [Fact]
    public async Task A_hash_below_the_configured_iteration_count_is_upgraded_at_the_next_login_and_still_verifies()
    {
        await using var app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:PasswordHasher:IterationCount"] = "20000" }, shards: 1);
        var store = app.Services.GetRequiredService<UserStore>();
        var weak = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })).HashPassword(new object(), Password);
        var email = $"old-hash-{Guid.NewGuid():N}@example.com";
        Assert.NotNull(await store.CreateAsync(new NewUser(Guid.CreateVersion7(), email, "Old Hash", weak, UserRoles.User)));
        using var client = app.CreateClient();

        var first = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var stored = (await store.FindByEmailAsync(email))!;
        var again = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1_000, Iterations(weak));
        Assert.NotEqual(weak, stored.PasswordHash);
        Assert.Equal(20_000, Iterations(stored.PasswordHash));
        var configured = new PasswordHasher<object>(app.Services.GetRequiredService<IOptions<PasswordHasherOptions>>());
        Assert.Equal(PasswordVerificationResult.Success, configured.VerifyHashedPassword(new object(), stored.PasswordHash, Password));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The same password, only stronger: no token is revoked.
        Assert.Equal(1, stored.User.Version);
    }

    // Identity's version 3 format: marker byte, PRF, iteration count (big-endian), salt length, salt, subkey.
    private static int Iterations(string hash) => (int)BinaryPrimitives.ReadUInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
}
