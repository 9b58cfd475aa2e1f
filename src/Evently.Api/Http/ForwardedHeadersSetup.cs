using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Evently.Api.Http;

/// <summary>
/// Behind a TLS-terminating proxy the client address and scheme arrive in <c>X-Forwarded-For</c>/<c>-Proto</c>. They are
/// believed only from the loopback address and from <c>Evently:Http:KnownProxies</c> (addresses) and
/// <c>Evently:Http:KnownNetworks</c> (CIDR ranges): anyone else could claim any address (escaping the per-address
/// throttles) or HTTPS.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Binds the trusted proxies; start-up stops on one that does not parse.</summary>
    public static void AddEventlyForwardedHeaders(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection("Evently:Http:KnownProxies").Get<string[]>() ?? [];
        var networks = builder.Configuration.GetSection("Evently:Http:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"Evently:Http:KnownProxies: '{proxy}' is not an IP address."));
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var range)
                    ? range
                    : throw new InvalidOperationException($"Evently:Http:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
            }
        });
    }
}
