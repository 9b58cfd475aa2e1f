using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evently.IntegrationTests.Security;

public sealed class DataProtectionKeyRingTests
{
    [Fact]
    public async Task The_key_ring_is_sealed_at_rest_and_a_restarted_front_end_reads_what_it_protected_before()
    {
        var first = await EventlyApp.StartAsync(shards: 1);
        var overrides = new Dictionary<string, string?> { ["ConnectionStrings:Directory"] = first.Directory, ["ConnectionStrings:Shard0"] = first.Shards[0] };
        string sealedPayload;
        try
        {
            sealedPayload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("dashboard-cookie").Protect("session of the admin");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var keys = await KeysAsync(first.Directory);
        await using var restarted = await EventlyApp.StartAsync(overrides, shards: 1);
        var opened = restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("dashboard-cookie").Unprotect(sealedPayload);

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        });
        Assert.Equal("session of the admin", opened);
    }

    private static async Task<List<string>> KeysAsync(string directory)
    {
        await using var connection = new NpgsqlConnection(directory);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
