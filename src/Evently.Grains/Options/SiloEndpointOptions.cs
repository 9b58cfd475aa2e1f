using System.Net;
using Evently.Persistence.Options;

namespace Evently.Grains.Options;

/// <summary>Where a silo listens and what address it advertises (section <c>Evently:Silo</c>).</summary>
public sealed class SiloEndpointOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Silo";

    /// <summary>Silo-to-silo port; 0 picks a free loopback port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Port Orleans clients (front ends of the split topology) connect to; 0 picks a free loopback port. A front end that
    /// hosts its silo opens no gateway unless this is set: its own calls stay in process.
    /// </summary>
    public int GatewayPort { get; set; }

    /// <summary>Listen on every interface (containers) instead of loopback only.</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// The address other silos and clients are told to reach this one at. Unset: loopback, or with
    /// <see cref="ListenOnAnyAddress"/> this host's first non-loopback IPv4 address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (Port is < 0 or > 65535 || GatewayPort is < 0 or > 65535)
        {
            yield return $"{Section}: Port and GatewayPort must be 0..65535 (0: a free one).";
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedAddress) && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return $"{Section}:AdvertisedAddress '{AdvertisedAddress}' is not an IP address.";
        }
    }
}
