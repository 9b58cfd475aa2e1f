using System.Net;
using Evently.Persistence.Options;

namespace Evently.Api.Http;

/// <summary>The front end's HTTP edge (section <c>Evently:Http</c>).</summary>
public sealed class EventlyHttpOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Http";

    /// <summary>Largest request body; a larger one answers 413 (Kestrel enforces it on streamed bodies too).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Redirect to HTTPS and send HSTS.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Proxies, beside loopback, whose <c>X-Forwarded-For</c>/<c>-Proto</c> are believed (IP addresses).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies (CIDR ranges such as <c>10.0.0.0/8</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (MaxRequestBodyBytes < 1)
        {
            yield return $"{Section}:MaxRequestBodyBytes must be at least 1 (was {MaxRequestBodyBytes}).";
        }

        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p.Trim(), out _)))
        {
            yield return $"{Section}:KnownProxies: '{proxy}' is not an IP address.";
        }

        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n.Trim(), out _)))
        {
            yield return $"{Section}:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8.";
        }
    }
}
