using System.Net;
using System.Net.Sockets;

namespace Evently.Api.Auth;

/// <summary>
/// The client address throttles count by: the connection's address after forwarded headers from known proxies were
/// applied. IPv6 clients are counted by their /64, which one subscriber usually holds whole.
/// </summary>
public static class ClientAddress
{
    /// <summary>The throttling key of <paramref name="context"/>'s client.</summary>
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
