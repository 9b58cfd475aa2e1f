using Evently.IntegrationTests.Infrastructure;
using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Scenarios;

namespace Evently.IntegrationTests.LoadGeneration;

public sealed class LoadGeneratorSmokeTests
{
    [Fact]
    public async Task A_short_flash_sale_sells_out_and_the_database_check_finds_nothing_oversold_or_lost()
    {
        await using var app = await EventlyApp.StartAsync();
        var server = (await TestPostgres.GetAsync()).ConnectionString("postgres");
        var shardPattern = new Npgsql.NpgsqlConnectionStringBuilder(app.Shards[0]).Database!.Replace("_shard_0", "_shard_%", StringComparison.Ordinal);

        var report = await FlashSale.RunAsync(new FlashSaleOptions
        {
            Target = new EventlyTarget
            {
                HttpClient = app.CreateClient(),
                AdminEmail = EventlyApp.AdminEmail,
                AdminPassword = EventlyApp.AdminPassword,
                DatabaseConnectionString = server,
                ShardDatabasePattern = shardPattern,
                SetupParallelism = 4,
            },
            Seats = 300,
            Clients = 20,
            Users = 20,
            MaxDuration = TimeSpan.FromMinutes(2),
        }, CancellationToken.None);

        Assert.True(report.DatabaseChecked, "the generator did not check the database");
        Assert.Equal(0, report.Oversold);
        Assert.Equal(0, report.Lost);
        Assert.True(report.InvariantHolds);
        Assert.Equal(300, report.ConfirmedSeats);
        Assert.Equal(0, report.Errors);
    }

    [Fact]
    public async Task A_short_checkout_sale_sells_out_through_holds_and_the_database_check_passes()
    {
        await using var app = await EventlyApp.StartAsync();
        var server = (await TestPostgres.GetAsync()).ConnectionString("postgres");
        var shardPattern = new Npgsql.NpgsqlConnectionStringBuilder(app.Shards[0]).Database!.Replace("_shard_0", "_shard_%", StringComparison.Ordinal);

        var report = await CheckoutSale.RunAsync(new FlashSaleOptions
        {
            Target = new EventlyTarget
            {
                HttpClient = app.CreateClient(),
                AdminEmail = EventlyApp.AdminEmail,
                AdminPassword = EventlyApp.AdminPassword,
                DatabaseConnectionString = server,
                ShardDatabasePattern = shardPattern,
                SetupParallelism = 4,
            },
            Seats = 200,
            Clients = 20,
            Users = 20,
            MaxDuration = TimeSpan.FromMinutes(2),
        }, new CheckoutOptions { Think = TimeSpan.FromMilliseconds(20), AbandonShare = 0.3 }, CancellationToken.None);

        var checkout = report.Checkout!;
        Assert.True(report.DatabaseCheck is { Passed: true }, string.Join("; ", report.DatabaseCheck?.Problems ?? []));
        Assert.Equal(0, report.Oversold);
        Assert.Equal(0, report.Lost);
        Assert.Equal(200, report.ConfirmedSeats);
        Assert.Equal(0, report.Errors);
        Assert.True(checkout.Released > 0, "no checkout was abandoned");
        Assert.Equal(checkout.Holds, checkout.Confirmed + checkout.Released + checkout.ExpiredAtConfirm);
        Assert.Equal(report.Confirmed, checkout.Confirmed);
    }
}
