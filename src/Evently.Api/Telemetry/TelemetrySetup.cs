using Evently.Api.Auth;
using Evently.Grains.Telemetry;
using OpenTelemetry.Metrics;

namespace Evently.Api.Telemetry;

/// <summary>OpenTelemetry metrics of the front end, Orleans, Npgsql and the booking path, scraped by Prometheus.</summary>
public static class TelemetrySetup
{
    /// <summary>Registers the meters and the Prometheus exporter.</summary>
    public static void AddEventlyTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BookingMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(BookingMetrics.MeterName, "Microsoft.Orleans", "Npgsql")
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }

    /// <summary>Maps <c>/metrics</c> for admins (Prometheus scrapes with an admin bearer token).</summary>
    public static void MapEventlyMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(AuthPolicies.Admin);
}
