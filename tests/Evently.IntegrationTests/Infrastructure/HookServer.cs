using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// A real local webhook receiver (Kestrel on a loopback port) that records every request it gets and answers as
/// <see cref="Respond"/> says. It can go down (connections refused) and come back on the same port.
/// </summary>
public sealed class HookServer : IAsyncDisposable
{
    private WebApplication? _app;

    private HookServer(int port) => Port = port;

    /// <summary>The port, the same across restarts.</summary>
    public int Port { get; }

    /// <summary>The URL to give as a webhook (<paramref name="path"/> may carry a secret, like Slack's).</summary>
    public string Url(string path = "hook") => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>The origin deliveries are grouped by.</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<HookRequest> Received { get; } = new();

    /// <summary>Answers a request (default: 200, no body). Runs after the request is recorded.</summary>
    public Func<HookRequest, HttpContext, Task> Respond { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Starts a receiver on a free port.</summary>
    public static async Task<HookServer> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var server = new HookServer(port);
        await server.UpAsync();
        return server;
    }

    /// <summary>Stops listening: connections are refused until <see cref="UpAsync"/>.</summary>
    public async Task DownAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(stop.Token);
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens (again) on <see cref="Port"/>.</summary>
    public async Task UpAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Origin);
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new HookRequest(
                context.Request.Path.Value ?? "",
                context.Request.Headers["webhook-id"].ToString(),
                context.Request.Headers["webhook-timestamp"].ToString(),
                context.Request.Headers["webhook-signature"].ToString(),
                context.Request.Headers["X-Evently-Signature"].ToString(),
                await reader.ReadToEndAsync(context.RequestAborted),
                DateTimeOffset.UtcNow);
            Received.Enqueue(request);
            await Respond(request, context);
        });
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Waits (polling, up to <paramref name="timeout"/>) until <paramref name="condition"/> holds for what was received.</summary>
    public async Task<bool> WaitForAsync(Func<IReadOnlyList<HookRequest>, bool> condition, TimeSpan timeout, Action? step = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Received.ToArray()))
            {
                return true;
            }

            step?.Invoke();
            await Task.Delay(50);
        }

        return condition(Received.ToArray());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(DownAsync());
}

/// <summary>One request as the receiver saw it.</summary>
public sealed record HookRequest(string Path, string Id, string Timestamp, string Signature, string LegacySignature, string Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The body's <c>sequence</c>.</summary>
    public long Sequence()
    {
        using var body = System.Text.Json.JsonDocument.Parse(Body);
        return body.RootElement.GetProperty("sequence").GetInt64();
    }
}
