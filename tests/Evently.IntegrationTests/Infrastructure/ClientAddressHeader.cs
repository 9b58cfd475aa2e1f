using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// The test server has no sockets: a request's <c>X-Test-Client-Address</c> header plays the TCP peer's address, ahead
/// of the app's own pipeline (forwarded headers included), so tests can be several clients or a proxy.
/// </summary>
public sealed class ClientAddressHeader : IStartupFilter
{
    /// <summary>The header's name.</summary>
    public const string Name = "X-Test-Client-Address";

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Name].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
