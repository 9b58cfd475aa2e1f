using System.Net;
using System.Net.Sockets;

namespace Evently.Grains.Notifications;

/// <summary>
/// Where webhooks may go: never to loopback, link-local, private or unspecified addresses (server-side request
/// forgery), unless the host (or host:port) is in <see cref="WebhookOptions.AllowedHosts"/>.
/// </summary>
public static class WebhookTargets
{
    /// <summary>True for addresses inside the machine or its private networks.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 127 || b[0] == 0
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127);
    }

    /// <summary>True when <paramref name="host"/> or <c>host:port</c> is allow-listed.</summary>
    public static bool IsAllowed(IEnumerable<string> allowedHosts, string host, int port) =>
        allowedHosts.Any(a => string.Equals(a, host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a, $"{host}:{port}", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The dispatcher's connect step: resolves the host and refuses to connect to an internal address that is not
    /// allow-listed, so a public name that resolves (or re-resolves) to a private address cannot be used to probe inside.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(IReadOnlyCollection<string> allowedHosts, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = IsAllowed(allowedHosts, endpoint.Host, endpoint.Port);
        var target = addresses.FirstOrDefault(a => allowed || !IsInternal(a))
            ?? throw new HttpRequestException($"Webhook host {endpoint.Host} resolves only to internal addresses.");
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, endpoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
