using System.Net;
using System.Net.Sockets;
using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>Server-side request forgery: which targets webhooks refuse, when a URL is given and when the dispatcher connects.</summary>
[Trait("Category", "Reliability")]
public sealed class WebhookSsrfTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("198.18.0.1")]       // benchmarking 198.18.0.0/15
    [InlineData("198.19.255.254")]
    [InlineData("224.0.0.1")]        // multicast
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]  // broadcast
    [InlineData("240.0.0.1")]        // reserved
    [InlineData("192.0.2.1")]        // documentation
    [InlineData("192.88.99.1")]      // 6to4 relay
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")]  // IPv4-mapped private
    [InlineData("::127.0.0.1")]      // IPv4-compatible
    [InlineData("64:ff9b::7f00:1")]  // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of the metadata address
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:7f00:1::1")]   // 6to4 of 127.0.0.1
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("2001::1")]          // Teredo
    [InlineData("2001:2::1")]        // benchmarking
    [InlineData("2001:db8::1")]      // documentation
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]          // multicast
    [InlineData("100::1")]           // discard
    public void Special_addresses_are_refused(string address) =>
        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse(address), new HashSet<IPAddress>()), $"{address} should be refused");

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("2001:4860:4860::8888")]
    public void Global_unicast_addresses_pass(string address) =>
        Assert.False(WebhookTargets.IsRefused(IPAddress.Parse(address), new HashSet<IPAddress>()), $"{address} should pass");

    [Fact]
    public void The_servers_own_addresses_are_refused_even_when_public()
    {
        var publicOwn = IPAddress.Parse("93.184.216.34");

        Assert.True(WebhookTargets.IsRefused(publicOwn, new HashSet<IPAddress> { publicOwn }));
        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse("::ffff:93.184.216.34"), new HashSet<IPAddress> { publicOwn }));
        Assert.All(WebhookTargets.OwnAddresses(), a => Assert.True(WebhookTargets.IsRefused(a, WebhookTargets.OwnAddresses()), $"own address {a} passes"));
        Assert.Contains(WebhookTargets.OwnAddresses(), a => IPAddress.IsLoopback(a));
    }

    [Fact]
    public async Task The_dispatcher_does_not_connect_to_the_servers_own_addresses()
    {
        // An own address that is public: refused at connect time by the own-address rule alone, before any packet is sent.
        var publicOwn = new HashSet<IPAddress> { IPAddress.Parse("93.184.216.34") };
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() =>
            WebhookTargets.ConnectAsync([], new DnsEndPoint("93.184.216.34", 443), CancellationToken.None, publicOwn).AsTask());

        // This machine's own name resolves to its own addresses: refused unless allow-listed.
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var ownName = Dns.GetHostName();
        await Assert.ThrowsAsync<WebhookTargetRefusedException>(() => WebhookTargets.ConnectAsync([], new DnsEndPoint(ownName, port), CancellationToken.None).AsTask());
        await using var allowed = await WebhookTargets.ConnectAsync([ownName], new DnsEndPoint(ownName, port), CancellationToken.None);
        Assert.True(allowed.CanWrite);
    }

    [Fact]
    public async Task The_delivery_handler_ignores_any_proxy()
    {
        // A "proxy" that would see every request if the handler used one.
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        var proxied = false;
        _ = Task.Run(async () =>
        {
            using var client = await proxy.AcceptTcpClientAsync();
            proxied = true;
        });
        await using var hook = await HookServer.StartAsync();
        using var handler = WebhookHosting.CreateHandler(new WebhookOptions { AllowedHosts = ["127.0.0.1"] });
        handler.Proxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}");
        using var client = new HttpClient(handler);

        using var content = new StringContent("{}");

        var response = await client.PostAsync(new Uri(hook.Url()), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(hook.Received);
        Assert.False(proxied, "the request went through the proxy");
        Assert.False(handler.UseProxy);
    }
}
