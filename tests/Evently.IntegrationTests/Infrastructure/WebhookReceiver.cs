using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>A local HTTP endpoint that records webhook deliveries (body and headers), answering 200 or a chosen failure.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Starts listening on a free loopback port.</summary>
    public WebhookReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The URL to give as a webhook.</summary>
    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>Status answered to deliveries.</summary>
    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    /// <summary>Deliveries received: body, the Standard Webhooks headers, and the legacy <c>X-Evently-Signature</c> (null when absent).</summary>
    public ConcurrentQueue<(string Body, string? Id, string? Timestamp, string? Signature, string? LegacySignature)> Received { get; } = new();

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var headers = context.Request.Headers;
            Received.Enqueue((await reader.ReadToEndAsync(), headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], headers["X-Evently-Signature"]));
            context.Response.StatusCode = (int)Answer;
            context.Response.Close();
        }
    }
}
