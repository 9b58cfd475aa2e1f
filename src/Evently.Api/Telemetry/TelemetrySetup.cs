using Evently.Grains.Telemetry;
using Evently.Persistence.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Evently.Api.Telemetry;

/// <summary>OpenTelemetry metrics of the front end, Orleans, Npgsql and the booking path, scraped by Prometheus.</summary>
public static class TelemetrySetup
{
    /// <summary>Registers the meters and the Prometheus exporter.</summary>
    public static void AddEventlyTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BookingMetrics>();
        builder.Services.AddMetricsScrapePolicy();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("evently"))
            .WithMetrics(metrics => metrics
                .AddMeter(BookingMetrics.MeterName, "Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());

        // Traces of the front end, Orleans calls and Npgsql commands go to an OTLP collector when one is configured
        // (OTEL_EXPORTER_OTLP_ENDPOINT, or Evently:Telemetry:OtlpEndpoint); without one nothing is recorded.
        var otlp = builder.Configuration.GetEventlyOptions<TelemetryOptions>().OtlpEndpoint ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }
    }

    /// <summary>Maps <c>/metrics</c> for admins and for Prometheus with its scrape token (docs/operations.md).</summary>
    public static void MapEventlyMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(MetricsScrape.Policy);
}
