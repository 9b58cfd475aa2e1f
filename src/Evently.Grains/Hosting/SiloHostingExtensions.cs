using Evently.Core.Ports;
using System.Net;
using System.Net.Sockets;
using Evently.Grains.Events;
using Evently.Grains.Notifications;
using Evently.Grains.Options;
using Evently.Grains.Telemetry;
using Evently.Grains.Users;
using Evently.Persistence.Embedded;
using Evently.Persistence.Hosting;
using Evently.Persistence.Options;
using Evently.Persistence.Storage;
using Microsoft.Extensions.Configuration;
using Evently.Persistence.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;

namespace Evently.Grains.Hosting;

/// <summary>How a silo joins the Evently cluster: ADO.NET clustering and reminders on the directory database, event state in its store on the shards.</summary>
public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Configures a silo of the Evently cluster. Without <paramref name="gateway"/> it serves no Orleans clients (a front end
    /// hosting its silo calls it in process): one port fewer to guard.
    /// </summary>
    public static ISiloBuilder AddEventlySilo(this ISiloBuilder silo, IConfiguration configuration, DatabaseOptions databases, bool gateway = true)
    {
        var cluster = configuration.GetEventlyOptions<EventlyClusterOptions>();
        var endpoints = configuration.GetEventlyOptions<SiloEndpointOptions>();
        silo.Services.Configure<ClusterOptions>(o => NameCluster(o, cluster));
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
        silo.ConfigureEndpoints(
            AdvertisedAddress(endpoints),
            endpoints.Port == 0 ? LoopbackPort.Free() : endpoints.Port,
            !gateway ? 0 : endpoints.GatewayPort == 0 ? LoopbackPort.Free() : endpoints.GatewayPort,
            listenOnAnyHostAddress: endpoints.ListenOnAnyAddress);
        // Whoever reaches a port is not thereby a member: every connection in and out is mutual TLS with the cluster's certificate.
        silo.UseTls(TrustOf(configuration).Configure);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Declare a dead silo within seconds, not the default minute and a half.
            o.ProbeTimeout = TimeSpan.FromSeconds(cluster.ProbeTimeoutSeconds);
            o.NumMissedProbesLimit = cluster.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
            o.DefunctSiloCleanupPeriod = TimeSpan.FromHours(1);
            o.DefunctSiloExpiration = TimeSpan.FromHours(1);
        });
        // Orleans' watchdog may read its first participant check before taking it: counted from here, not from boot.
        silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Membership, (_, _) => new MembershipClock());
        // DatabaseBootstrap has already checked that two commits fit within the response timeout.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        silo.AddDashboard();
        silo.AddActivityPropagation();
        silo.Services.AddSingleton<IEventStore, PostgresEventStore>();
        // A front end hosting this silo registered its catalog read model first; a silo on its own reports nowhere.
        silo.Services.TryAddSingleton<ICatalogFeed, NoCatalogFeed>();
        silo.Services.AddSingleton<Core.Queues.IQueueStore, QueueStore>();
        silo.Services.AddSingleton<BookingMetrics>();
        silo.Services.TryAddKeyedSingleton<TimeProvider>(EventClock.Key, (services, _) => services.GetRequiredService<TimeProvider>());
        silo.Services.AddEventlyWebhooks();
        silo.Services.AddEventlyGrainOptions();
        silo.Services.AddEventlyOptions<LoginAttemptsOptions>();
        return silo;
    }

    /// <summary>The settings grains and front ends share (booking limits, pricing steps, webhooks); registering them twice adds nothing.</summary>
    public static IServiceCollection AddEventlyGrainOptions(this IServiceCollection services)
    {
        services.AddEventlyOptions<BookingOptions>();
        services.AddEventlyOptions<PricingOptions>();
        services.AddEventlyOptions<WebhookOptions>();
        return services;
    }

    /// <summary>Configures an Orleans client (a front end without a silo) of the Evently cluster.</summary>
    public static IClientBuilder AddEventlyClient(this IClientBuilder client, IConfiguration configuration, DatabaseOptions databases)
    {
        var cluster = configuration.GetEventlyOptions<EventlyClusterOptions>();
        client.Services.Configure<ClusterOptions>(o => NameCluster(o, cluster));
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = databases.Directory;
        });
        client.UseTls(TrustOf(configuration).Configure);
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout);
        client.AddDashboard();
        client.AddActivityPropagation();
        return client;
    }

    private static ClusterTrust TrustOf(IConfiguration configuration) =>
        ClusterTrust.Load(configuration.GetEventlyOptions<ClusterTlsOptions>(), configuration.GetEventlyOptions<EmbeddedPostgresOptions>());

    private static void NameCluster(ClusterOptions options, EventlyClusterOptions cluster)
    {
        options.ClusterId = cluster.ClusterId;
        options.ServiceId = cluster.ServiceId;
    }

    // Single machine: loopback. In containers (ListenOnAnyAddress): this host's own address, unless configured.
    private static IPAddress AdvertisedAddress(SiloEndpointOptions endpoints) =>
        endpoints.AdvertisedAddress is { Length: > 0 } configured
            ? IPAddress.Parse(configured)
            : endpoints.ListenOnAnyAddress
                ? Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback
                : IPAddress.Loopback;
}
