using Evently.Core.Ports;
using System.Net;
using System.Net.Sockets;
using Evently.Grains.Events;
using Evently.Grains.Notifications;
using Evently.Grains.Options;
using Evently.Grains.Telemetry;
using Evently.Grains.Users;
using Evently.Persistence.Hosting;
using Evently.Persistence.Options;
using Evently.Persistence.Storage;
using Microsoft.Extensions.Configuration;
using Evently.Persistence.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;

namespace Evently.Grains.Hosting;

/// <summary>How a silo joins the Evently cluster: ADO.NET clustering and reminders on the directory database, grain storage on the shards.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Configures a silo of the Evently cluster.</summary>
    public static ISiloBuilder AddEventlySilo(this ISiloBuilder silo, IConfiguration configuration, DatabaseOptions databases)
    {
        silo.Services.Configure<ClusterOptions>(o => NameCluster(o, configuration));
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Directory;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Directory;
        });
        var siloPort = configuration.GetValue("Evently:Silo:Port", 0);
        var gatewayPort = configuration.GetValue("Evently:Silo:GatewayPort", 0);
        var anyAddress = configuration.GetValue("Evently:Silo:ListenOnAnyAddress", false);
        silo.ConfigureEndpoints(AdvertisedAddress(configuration, anyAddress), siloPort == 0 ? LoopbackPort.Free() : siloPort, gatewayPort == 0 ? LoopbackPort.Free() : gatewayPort, listenOnAnyHostAddress: anyAddress);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Declare a dead silo within seconds, not the default minute and a half.
            o.ProbeTimeout = TimeSpan.FromSeconds(configuration.GetValue("Evently:Cluster:ProbeTimeoutSeconds", 2));
            o.NumMissedProbesLimit = configuration.GetValue("Evently:Cluster:NumMissedProbesLimit", 2);
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.DefunctSiloCleanupPeriod = TimeSpan.FromHours(1);
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        // A call to a silo that died without a word fails after this, not after Orleans' default 30 s: a read gets a 503, a write a 504.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout(configuration));
        silo.AddDashboard();
        silo.AddActivityPropagation();
        silo.Services.AddSingleton<IEventStore, EventGrainStorage>();
        // A front end hosting this silo registered its catalog read model first; a silo on its own reports nowhere.
        silo.Services.TryAddSingleton<ICatalogFeed, NoCatalogFeed>();
        silo.Services.AddSingleton<Core.Queues.IQueueStore, QueueStore>();
        silo.Services.AddSingleton<BookingMetrics>();
        silo.Services.TryAddKeyedSingleton<TimeProvider>(EventClock.Key, (services, _) => services.GetRequiredService<TimeProvider>());
        silo.Services.AddEventlyWebhooks();
        silo.Services.AddOptions<LoginAttemptsOptions>().BindConfiguration(LoginAttemptsOptions.Section)
            .Validate(o => o.FreeFailures >= 1 && o.MaxDelaySeconds >= 1 && o.ForgetAfterSeconds >= 1 && o.MaxAddresses >= 1,
                $"{LoginAttemptsOptions.Section}: every value must be at least 1.")
            .ValidateOnStart();
        silo.Services.AddOptions<PricingOptions>().BindConfiguration("Evently:Pricing");
        silo.Services.AddOptions<BookingOptions>().BindConfiguration("Evently:Booking").Validate(o => o.MaxQuantity is >= 1 and <= 100 && o.MaxPendingPerEvent >= 1 && o.IdempotencyWindowSeconds >= 1 && o.IdempotencyKeysInMemory >= 1, "Evently:Booking: MaxQuantity must be 1..100; MaxPendingPerEvent, IdempotencyWindowSeconds and IdempotencyKeysInMemory at least 1.").ValidateOnStart();
        return silo;
    }

    /// <summary>Configures an Orleans client (a front end without a silo) of the Evently cluster.</summary>
    public static IClientBuilder AddEventlyClient(this IClientBuilder client, IConfiguration configuration, DatabaseOptions databases)
    {
        client.Services.Configure<ClusterOptions>(o => NameCluster(o, configuration));
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Directory;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout(configuration));
        client.AddDashboard();
        client.AddActivityPropagation();
        return client;
    }

    // DatabaseBootstrap has already checked that two commits fit within it.
    private static TimeSpan ResponseTimeout(IConfiguration configuration) => CommitBudget.ResponseTimeout(configuration);

    private static void NameCluster(ClusterOptions options, IConfiguration configuration)
    {
        options.ClusterId = configuration["Evently:Cluster:ClusterId"] ?? "evently";
        options.ServiceId = configuration["Evently:Cluster:ServiceId"] ?? "evently";
    }

    // Single machine: loopback. In containers (ListenOnAnyAddress): this host's own address, unless configured.
    private static IPAddress AdvertisedAddress(IConfiguration configuration, bool anyAddress) =>
        configuration["Evently:Silo:AdvertisedAddress"] is { Length: > 0 } configured
            ? IPAddress.Parse(configured)
            : anyAddress
                ? Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback
                : IPAddress.Loopback;
}
