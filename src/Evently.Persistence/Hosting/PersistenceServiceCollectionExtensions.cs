using Evently.Persistence.Analytics;
using Evently.Persistence.Options;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evently.Persistence.Hosting;

/// <summary>Registers the databases and the reads that go through them.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Adds one data source per database, the shard aggregator and the query classes.</summary>
    public static IServiceCollection AddEventlyPersistence(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new ShardDataSources(options));
        services.AddHostedService<ShardMapRefresher>();
        services.AddSingleton<ShardAdministration>();
        services.AddSingleton<IRebalanceProbe, NoRebalanceProbe>();
        services.AddSingleton<Rebalancer>();
        services.AddSingleton<ShardAggregator>();
        services.AddSingleton<BookingReads>();
        services.AddSingleton<HoldReads>();
        services.AddSingleton<EventReads>();
        services.AddSingleton<OrganizerEventReads>();
        services.AddSingleton<AttendeeReads>();
        services.AddSingleton<Analytics.EventFigureReads>();
        services.AddSingleton<Auditor>();
        services.AddSingleton<AnalyticsReads>();
        services.AddSingleton<PricingReads>();
        services.AddSingleton<NotificationReads>();
        services.AddSingleton<WaitlistReads>();
        services.AddSingleton<Users.UserStore>();
        services.AddSingleton<Users.WebhookSecretStore>();
        services.AddSingleton<Notifications.WebhookDeliveries>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Adds the catalog read model browse is served from (a front end's), as the <see cref="Catalog.ICatalogFeed"/> the
    /// event grains of a co-hosted silo report to.
    /// </summary>
    public static IServiceCollection AddEventlyCatalog(this IServiceCollection services)
    {
        services.AddEventlyOptions<Catalog.CatalogOptions>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Catalog.CatalogOptions>>().Value);
        services.AddSingleton<Catalog.CatalogReadModel>();
        services.AddSingleton<Catalog.ICatalogFeed>(sp => sp.GetRequiredService<Catalog.CatalogReadModel>());
        services.AddHostedService(sp => sp.GetRequiredService<Catalog.CatalogReadModel>());
        return services;
    }
}
