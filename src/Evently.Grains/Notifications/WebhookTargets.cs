using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Evently.Grains.Notifications;

/// <summary>
/// Where webhooks may go (server-side request forgery): only global unicast addresses that are not this server's own,
/// unless the host (or host:port) is in <see cref="WebhookOptions.AllowedHosts"/>. Checked when a URL is given and again
/// on every connect, against the address actually connected to.
/// </summary>
public static class WebhookTargets
{
    private static readonly (IPAddress Network, int Prefix)[] SpecialV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // IETF protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24),     // documentation
        (IPAddress.Parse("192.88.99.0"), 24),   // 6to4 relay anycast
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24),  // documentation
        (IPAddress.Parse("203.0.113.0"), 24),   // documentation
        (IPAddress.Parse("224.0.0.0"), 4),      // multicast
        (IPAddress.Parse("240.0.0.0"), 4),      // reserved, and 255.255.255.255 broadcast
    ];

    // Inside 2000::/3 (the only global unicast block) these are not ordinary hosts: anything else outside 2000::/3 is refused too.
    private static readonly (IPAddress Network, int Prefix)[] SpecialV6 =
    [
        (IPAddress.Parse("2001::"), 23),        // IETF protocol assignments: Teredo, benchmarking (2001:2::/48), ORCHID
        (IPAddress.Parse("2001:db8::"), 32),    // documentation
        (IPAddress.Parse("2002::"), 16),        // 6to4: embeds any IPv4 address, private ones included
        (IPAddress.Parse("3fff::"), 20),        // documentation
    ];

    private static readonly object Gate = new();
    private static (DateTime At, IReadOnlySet<IPAddress> Addresses) _own = (DateTime.MinValue, new HashSet<IPAddress>());

    /// <summary>True unless <paramref name="address"/> is an ordinary global unicast address.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return SpecialV4.Any(r => InPrefix(address, r.Network, r.Prefix));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        // Global unicast is 2000::/3; this also refuses ::, ::1, IPv4-compatible, NAT64 (64:ff9b::/96 and 64:ff9b:1::/48),
        // discard (100::/64), unique local (fc00::/7), link-local (fe80::/10), site-local and multicast (ff00::/8).
        var first = address.GetAddressBytes()[0];
        return (first & 0xE0) != 0x20 || SpecialV6.Any(r => InPrefix(address, r.Network, r.Prefix));
    }

    /// <summary>True when <paramref name="address"/> may not be connected to: internal, or one of <paramref name="ownAddresses"/>.</summary>
    public static bool IsRefused(IPAddress address, IReadOnlySet<IPAddress> ownAddresses)
    {
        // Compared without an IPv6 scope id, as OwnAddresses lists them.
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : new IPAddress(address.GetAddressBytes());
        return IsInternal(plain) || ownAddresses.Contains(plain);
    }

    /// <summary>This machine's interface addresses (refreshed at most every 30 s).</summary>
    public static IReadOnlySet<IPAddress> OwnAddresses()
    {
        lock (Gate)
        {
            if (DateTime.UtcNow - _own.At > TimeSpan.FromSeconds(30))
            {
                var addresses = new HashSet<IPAddress>();
                try
                {
                    foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                    {
                        foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                        {
                            var a = unicast.Address;
                            addresses.Add(a.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(a.GetAddressBytes()) : a);
                        }
                    }
                }
                catch (NetworkInformationException)
                {
                    // Keep what was known; the range checks still apply.
                    addresses.UnionWith(_own.Addresses);
                }

                _own = (DateTime.UtcNow, addresses);
            }

            return _own.Addresses;
        }
    }

    /// <summary>True when <paramref name="host"/> or <c>host:port</c> is allow-listed.</summary>
    public static bool IsAllowed(IEnumerable<string> allowedHosts, string host, int port) =>
        allowedHosts.Any(a => string.Equals(a, host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a, $"{host}:{port}", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The dispatcher's connect step: resolves the host and connects only to an address that is not refused (unless
    /// allow-listed), so a public name that resolves (or re-resolves) to an internal or own address cannot be used to probe inside.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(IReadOnlyCollection<string> allowedHosts, DnsEndPoint endpoint, CancellationToken cancellationToken,
        IReadOnlySet<IPAddress>? ownAddresses = null)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = IsAllowed(allowedHosts, endpoint.Host, endpoint.Port);
        var own = ownAddresses ?? OwnAddresses();
        var target = addresses.FirstOrDefault(a => allowed || !IsRefused(a, own))
            ?? throw new WebhookTargetRefusedException($"Webhook host {endpoint.Host} resolves only to addresses webhooks may not target.");
#pragma warning disable CA2000 // disposed on failure below; on success the returned NetworkStream owns it
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(new IPEndPoint(target, endpoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool InPrefix(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var full = prefix / 8;
        for (var i = 0; i < full; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}
