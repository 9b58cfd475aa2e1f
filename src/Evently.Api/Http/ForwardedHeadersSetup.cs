using System.Net;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Evently.Api.Http;

/// <summary>
/// Behind a TLS-terminating proxy the client address and scheme arrive in <c>X-Forwarded-For</c>/<c>-Proto</c>. They are
/// believed only from the loopback address and from <see cref="EventlyHttpOptions.KnownProxies"/> and
/// <see cref="EventlyHttpOptions.KnownNetworks"/>: anyone else could claim any address (escaping the per-address throttles) or HTTPS.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>Trusts the configured proxies; <see cref="EventlyHttpOptions"/> stops start-up on one that does not parse.</summary>
    public static void AddEventlyForwardedHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddEventlyOptions<EventlyHttpOptions>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EventlyHttpOptions>>((o, http) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in http.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }

            foreach (var network in http.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
    }
}
