using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// A hostile receiver on a raw socket: answers <c>200</c> and then streams up to <paramref name="offeredBytes"/> of body as
/// fast as the client takes it. <see cref="Written"/> counts what the kernel accepted, so it shows how much the client read
/// (plus socket buffers): a client that stops reading stalls the writes, one that hangs up makes them fail.
/// </summary>
public sealed class FloodServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly long _offeredBytes;
    private long _written;

    /// <summary>Starts listening on a free loopback port.</summary>
    public FloodServer(long offeredBytes)
    {
        _offeredBytes = offeredBytes;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The URL to give as a webhook.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/flood";

    /// <summary>Body bytes the socket accepted so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Requests answered.</summary>
    public int Requests { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestAsync(stream);
                Requests++;
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"), _stop.Token);
                var chunk = new byte[64 * 1024];
                while (Written < _offeredBytes)
                {
                    await stream.WriteAsync(chunk, _stop.Token);
                    Interlocked.Add(ref _written, chunk.Length);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up.
            }
        }
    }

    // Headers up to the blank line, then Content-Length bytes of body.
    private async Task ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(received)) < 0)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                throw new IOException("closed before the request ended");
            }

            received.AddRange(buffer.AsSpan(0, n).ToArray());
        }

        var headers = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd);
        var length = headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = received.Count - (headerEnd + 4);
        while (body < length)
        {
            var n = await stream.ReadAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return;
            }

            body += n;
        }
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
