using Evently.Persistence.Analytics;
using Evently.Persistence.Options;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.Persistence.Hosting;

/// <summary>Registers the databases and the reads that go through them.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>Adds one data source per database, the shard aggregator and the query classes.</summary>
    public static IServiceCollection AddEventlyPersistence(this IServiceCollection services, DatabaseOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new ShardDataSources(options));
        services.AddSingleton<ShardAggregator>();
        services.AddSingleton<BookingReads>();
        services.AddSingleton<HoldReads>();
        services.AddSingleton<EventReads>();
        services.AddSingleton<Auditor>();
        services.AddSingleton<AnalyticsReads>();
        services.AddSingleton<PricingReads>();
        services.AddSingleton<NotificationReads>();
        services.AddSingleton<Notifications.WebhookDeliveries>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
