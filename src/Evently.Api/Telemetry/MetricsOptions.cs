using Evently.Persistence.Options;

namespace Evently.Api.Telemetry;

/// <summary>Who may scrape <c>/metrics</c> besides admins (section <c>Evently:Metrics</c>).</summary>
public sealed class MetricsOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Metrics";

    /// <summary>Shortest scrape token accepted: it is a password a scraper sends on every request.</summary>
    public const int MinTokenLength = 32;

    /// <summary>
    /// The scrape credential of Prometheus (sent as <c>Authorization: Bearer</c>); it opens <c>/metrics</c> and nothing
    /// else. Unset: only an admin token scrapes.
    /// </summary>
    public string? ScrapeToken { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrEmpty(ScrapeToken) && ScrapeToken.Length < MinTokenLength)
        {
            yield return $"{Section}:ScrapeToken must be at least {MinTokenLength} characters.";
        }
    }
}
