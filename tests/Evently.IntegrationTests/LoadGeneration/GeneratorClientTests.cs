using System.Net;
using System.Net.Sockets;
using System.Text;
using Evently.LoadGenerator.Http;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>What the generator's client puts on the wire for a booking: only the headers a booking needs, on a kept-alive connection.</summary>
public sealed class GeneratorClientTests
{
    [Fact]
    public async Task Two_bookings_go_over_one_kept_alive_connection_without_expect_or_trace_headers()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var server = ServeTwoAsync(listener);
        using var http = HttpClientFactory.Create(baseUrl, 4, TimeSpan.FromSeconds(10));
        var api = new EventlyApi(http, baseUrl);
        var url = api.BookingUrl(Guid.CreateVersion7());

        var first = await api.BookAsync(url, "Bearer t", 2, CancellationToken.None);
        var second = await api.BookAsync(url, "Bearer t", 1, CancellationToken.None);
        var (requests, connections) = await server.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((201, 201), (first.Status, second.Status));
        Assert.Equal((Guid.Parse("0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55"), (long?)2), JsonScan.Booking(first.Body));
        Assert.Equal(1, connections);
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            var headers = request.Split("\r\n").Skip(1).Select(h => h.Split(':')[0].ToLowerInvariant()).ToList();
            Assert.StartsWith($"POST {url.PathAndQuery} HTTP/1.1", request, StringComparison.Ordinal);
            Assert.Contains("authorization", headers);
            Assert.Contains("idempotency-key", headers);
            Assert.DoesNotContain("expect", headers);
            Assert.DoesNotContain("connection", headers);
            Assert.DoesNotContain("traceparent", headers);
        }
    }

    /// <summary>Answers two requests with a 201 booking body; returns their heads and how many connections carried them.</summary>
    private static async Task<(List<string> Requests, int Connections)> ServeTwoAsync(TcpListener listener)
    {
        var requests = new List<string>();
        var connections = 0;
        const string body = """{"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55","quantity":2}""";
        var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        while (requests.Count < 2)
        {
            using var socket = await listener.AcceptSocketAsync();
            connections++;
            var buffer = new byte[16 * 1024];
            var pending = "";
            while (requests.Count < 2)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                pending += Encoding.ASCII.GetString(buffer, 0, read);
                int end;
                while ((end = pending.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    var head = pending[..end];
                    var length = head.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                        .Select(h => int.Parse(h["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                    if (pending.Length < end + 4 + length)
                    {
                        break;
                    }

                    requests.Add(head);
                    pending = pending[(end + 4 + length)..];
                    await socket.SendAsync(answer, SocketFlags.None);
                }
            }
        }

        return (requests, connections);
    }
}
