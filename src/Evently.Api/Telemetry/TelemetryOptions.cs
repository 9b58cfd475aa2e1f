using Evently.Persistence.Options;

namespace Evently.Api.Telemetry;

/// <summary>Where traces go (section <c>Evently:Telemetry</c>).</summary>
public sealed class TelemetryOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Telemetry";

    /// <summary>OTLP collector for traces; unset: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, and without either no trace is recorded.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out _))
        {
            yield return $"{Section}:OtlpEndpoint '{OtlpEndpoint}' is not an absolute URL.";
        }
    }
}
