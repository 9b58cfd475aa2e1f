using System.Text.Json.Serialization;
using Evently.Api.Analytics;
using Evently.Api.Auth;
using Evently.Api.Bookings;
using Evently.Api.CheckIns;
using Evently.Api.Events;
using Evently.Api.Health;
using Evently.Api.Holds;
using Evently.Api.Http;
using Evently.Api.Seating;
using Evently.Api.Notifications;
using Evently.Api.Organizers;
using Evently.Api.Operations;
using Evently.Api.Queues;
using Evently.Api.Telemetry;
using Evently.Api.Users;
using Evently.Api.Waitlists;
using Evently.Grains.Hosting;
using Evently.Grains.Options;
using Evently.Persistence.Hosting;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Scalar.AspNetCore;

namespace Evently.Api.Hosting;

/// <summary>Wires the front end: databases, Orleans (a co-hosted silo or a client), HTTP pipeline and endpoints.</summary>
public static partial class EventlyHostExtensions
{
    /// <summary>Prepares the databases (embedded when none are configured), then registers Orleans and the front end's services.</summary>
    public static async Task AddEventlyAsync(this WebApplicationBuilder builder)
    {
        // One logger factory for everything that runs before the host is built; the host's own logging takes over after.
        using var loggerFactory = StartupLogging.Create(builder.Configuration);
        var databases = await builder.AddEventlyDatabasesAsync(loggerFactory.CreateLogger("Evently.Startup"));
        builder.Services.AddEventlyCatalog();
        builder.Services.AddEventlyDataProtection(databases, builder.Configuration);
        if (builder.Configuration.GetEventlyOptions<TopologyOptions>().IsClient)
        {
            builder.UseOrleansClient(client => client.AddEventlyClient(builder.Configuration, databases));
        }
        else
        {
            // Its own grain calls stay in process: a gateway only when one is configured for outside clients.
            var gateway = builder.Configuration.GetEventlyOptions<SiloEndpointOptions>().GatewayPort != 0;
            builder.UseOrleans(silo => silo.AddEventlySilo(builder.Configuration, databases, gateway));
        }

        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
            o.SerializerOptions.Converters.Add(new MoneyJsonConverter());
        });
        builder.Services.AddEventlyGrainOptions();
        builder.Services.AddSingleton<HoldDirectory>();
        builder.Services.AddSingleton<BookingDirectory>();
        builder.Services.AddSingleton<DraftGuard>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddEventlyProblems();
        builder.Services.AddSingleton<WebhookUrlPolicy>();
        builder.Services.AddEventlyOpenApi();
        builder.Services.AddEventlyHealthChecks();
        builder.Services.AddEventlyOptions<EventlyHttpOptions>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<EventlyHttpOptions>>((o, http) => o.Limits.MaxRequestBodySize = http.Value.MaxRequestBodyBytes);
        builder.AddEventlyForwardedHeaders();
        builder.AddEventlyAuth(loggerFactory);
        builder.AddEventlyTelemetry();
    }

    public static void UseEvently(this WebApplication app)
    {
        // First: everything after it (HTTPS redirection, the Secure cookie flag, per-address throttles) sees the client as the proxy reported it.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseEventlyHardening();
        app.UseEventlyOpenApiNotFound();
        app.UseStatusCodePages();
        app.UseEventlyAuth();
    }

    /// <summary>Maps every endpoint under <c>/api/v1</c>, plus health, OpenAPI and the dashboard.</summary>
    public static void MapEvently(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1").ProducesWriteProblems();
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapAccountApi();
        api.MapWebhookSecretApi();
        api.MapAdminUsersApi();
        api.MapEventsApi();
        api.MapPricingApi();
        api.MapOrganizerApi();
        api.MapAttendeesApi();
        api.MapBookingsApi();
        api.MapCheckInsApi();
        api.MapHoldsApi();
        api.MapSeatingApi();
        api.MapWaitlistApi();
        api.MapQueueApi();
        api.MapNotificationsApi();
        api.MapWebhooksAdminApi();
        api.MapAuditApi();
        api.MapShardsAdminApi();
        api.MapAnalyticsApi();
        app.MapRootIndex();
        app.MapEventlyHealth();
        app.MapEventlyMetrics();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs").AllowAnonymous();
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(AuthPolicies.Dashboard);
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(app));
    }

    // The first lines an operator reads: where to point a browser, and how to get in as the admin.
    private static void LogStarted(WebApplication app)
    {
        var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(in-process test server)";
        LogUp(app.Logger, urls);
        var admin = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value;
        var email = admin.Email;
        if (string.IsNullOrWhiteSpace(email))
        {
            LogNoAdmin(app.Logger);
        }
        else if (admin.InitialPasswordFile is { } file && File.Exists(file))
        {
            LogAdminWithFile(app.Logger, email, file);
        }
        else
        {
            LogAdminConfigured(app.Logger, email);
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Evently is up: API {Urls}/api/v1, docs /docs, OpenAPI /openapi/v1.json, dashboard /dashboard, readiness /health/ready")]
    private static partial void LogUp(ILogger logger, string urls);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "No admin configured: set Evently:Admin:Email and Evently:Admin:Password; dashboard login at /dashboard-login")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Admin: {Email}, initial password in {File}; dashboard login at /dashboard-login")]
    private static partial void LogAdminWithFile(ILogger logger, string email, string file);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Admin: {Email} (password from Evently:Admin:Password); dashboard login at /dashboard-login")]
    private static partial void LogAdminConfigured(ILogger logger, string email);
}
