using System.Net;
using System.Net.Sockets;

namespace Evently.Persistence.Hosting;

/// <summary>Free TCP ports on loopback, for the embedded database and silos started with port 0.</summary>
public static class LoopbackPort
{
    /// <summary>A port the operating system just reported free.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
