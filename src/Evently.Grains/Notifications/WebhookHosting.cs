using Evently.Persistence.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Evently.Grains.Notifications;

/// <summary>Registers webhook delivery: options, the signing secret, the isolated HTTP client, the dispatcher and retention.</summary>
public static class WebhookHosting
{
    /// <summary>Adds webhook delivery to a silo's services.</summary>
    public static IServiceCollection AddEventlyWebhooks(this IServiceCollection services)
    {
        services.AddEventlyOptions<WebhookOptions>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<IPostConfigureOptions<WebhookOptions>>(sp => sp.GetRequiredService<WebhookSecrets>());
        services.AddSingleton<IValidateOptions<WebhookOptions>>(sp => sp.GetRequiredService<WebhookSecrets>());
        services.TryAddKeyedSingleton(WebhookClock.Key, TimeProvider.System);
        services.AddHttpClient(WebhookDispatcher.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value))
            // The client factory's own logging writes full request URLs at Information; a webhook URL's path may be a secret.
            .RemoveAllLoggers()
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<NotificationRetention>();
        return services;
    }

    /// <summary>
    /// The deliveries' handler: no proxy (the connect-time address check must see the receiver itself), no redirects,
    /// a connect timeout, small header and drain limits, and <see cref="WebhookTargets.ConnectAsync"/> on every connect.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        MaxConnectionsPerServer = options.MaxConcurrentPerReceiver,
        MaxResponseHeadersLength = 16, // KiB
        MaxResponseDrainSize = options.MaxResponseBodyBytes,
        ResponseDrainTimeout = TimeSpan.FromMilliseconds(200),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(options.AllowedHosts, context.DnsEndPoint, ct),
    };
}
