using System.Net;
using System.Net.Sockets;
using Evently.Grains.Notifications;

namespace Evently.IntegrationTests.Waitlists;

[Trait("Category", "Reliability")]
public sealed class WebhookTargetsTests
{
    [Fact]
    public async Task The_dispatcher_refuses_to_connect_to_a_name_resolving_to_loopback_unless_it_is_allow_listed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var endpoint = new DnsEndPoint("localhost", port);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => WebhookTargets.ConnectAsync([], endpoint, CancellationToken.None).AsTask());
        await using var allowed = await WebhookTargets.ConnectAsync([$"localhost:{port}"], endpoint, CancellationToken.None);

        Assert.True(allowed.CanWrite);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:4700::1111", false)]
    public void Internal_addresses_are_recognised(string address, bool expected) =>
        Assert.Equal(expected, WebhookTargets.IsInternal(IPAddress.Parse(address)));
}
