using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Evently.Persistence.Notifications;
using Evently.Persistence.Sharding;
using Evently.Persistence.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.Grains.Notifications;

/// <summary>
/// Delivers outbox notifications that carry a webhook URL, at least once. Every shard is polled by its own loop; a loop
/// leases due rows (<c>FOR UPDATE SKIP LOCKED</c>, so silos share the work) and starts each delivery on its own, within
/// per-receiver and per-silo limits, without waiting for the others. An attempt is signed the Standard Webhooks way with
/// its recipient's own secret (and, for a while after a rotation, the replaced one too), read from the directory with each batch,
/// bounded by connect and total timeouts, and reads at most <see cref="WebhookOptions.MaxResponseBodyBytes"/> of the
/// answer; a failure is retried on <see cref="WebhookRetrySchedule"/>, then recorded as <c>delivery_failed</c>.
/// A silo that stops mid-attempt records nothing: the lease runs out and the row is attempted again.
/// </summary>
public sealed partial class WebhookDispatcher(
    ShardDataSources databases, WebhookSecretStore secrets, IHttpClientFactory httpClients, IOptions<WebhookOptions> options,
    [FromKeyedServices(WebhookClock.Key)] TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> of deliveries.</summary>
    public const string ClientName = "evently-webhooks";

    private const int ClaimBatch = 50;
    private readonly WebhookOptions _options = options.Value;
    private readonly ReceiverSlots _slots = new(options.Value.MaxConcurrentPerReceiver, options.Value.MaxConcurrentDeliveries);
    private readonly ConcurrentDictionary<Guid, Task> _running = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pollers = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            // A shard database added while the silo runs (docs/operations.md, "Adding a database") gets its loop once
            // this process has opened it; databases are only ever added, so the loops started so far stay right.
            var shards = databases.Shards;
            for (var i = pollers.Count; i < shards.Count; i++)
            {
                pollers.Add(PollAsync(shards[i], stoppingToken));
            }

            try
            {
                await Task.Delay(ShardMapRefresher.Interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(pollers).ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    /// <summary>Leases the due webhooks of one shard and starts their deliveries; returns how many were started.</summary>
    public async Task<int> DispatchDueAsync(NpgsqlDataSource shard, CancellationToken cancellationToken)
    {
        var free = _slots.Free;
        if (free <= 0)
        {
            return 0;
        }

        var (busy, inFlight) = _slots.Snapshot();
        var now = time.GetUtcNow();
        var claimed = await WebhookOutbox.ClaimAsync(shard, now, now + _options.Timeout + _options.ConnectTimeout + TimeSpan.FromSeconds(30),
            Math.Min(free, ClaimBatch), busy, inFlight, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        IReadOnlyDictionary<Guid, UserWebhookSecrets> keys;
        try
        {
            // One directory round trip per batch, at send time: a rotation signs the next batch, no cache to go stale.
            keys = await secrets.ForUsersAsync(claimed.Select(d => d.UserId).ToArray(), cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            await WebhookOutbox.ReleaseAsync(shard, claimed.Select(d => d.Id).ToArray(), now, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var released = new List<Guid>();
        var started = 0;
        foreach (var delivery in claimed)
        {
            if (!_slots.TryEnter(delivery.Receiver, delivery.Id))
            {
                released.Add(delivery.Id);
                continue;
            }

            started++;
            // A recipient no longer in the directory has no secret of its own: the deployment's secret signs for it.
            var signing = keys.TryGetValue(delivery.UserId, out var own) ? own.SigningAt(now, _options.SecretRotationOverlap) : [_options.SigningSecret!];
            var task = RunAsync(shard, delivery, signing, cancellationToken);
            _running[delivery.Id] = task;
            _ = task.ContinueWith(_ => _running.TryRemove(delivery.Id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        await WebhookOutbox.ReleaseAsync(shard, released, now, cancellationToken).ConfigureAwait(false);
        return started;
    }

    private async Task PollAsync(NpgsqlDataSource shard, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(shard, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogShardUnavailable(logger, ex);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                // The poll cadence is wall-clock time; the webhook clock only decides what is due.
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(NpgsqlDataSource shard, OutboxDelivery delivery, IReadOnlyList<string> signing, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var error = await AttemptAsync(delivery, signing, stoppingToken).ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return; // Like a crash: the lease runs out and another attempt follows.
            }

            var now = time.GetUtcNow();
            if (error is null)
            {
                await WebhookOutbox.DeliveredAsync(shard, delivery.Id, now, stoppingToken).ConfigureAwait(false);
                LogDelivered(logger, delivery.Id, delivery.Receiver, delivery.AttemptsBefore + 1);
                return;
            }

            var attempts = delivery.AttemptsBefore + 1;
            var next = WebhookRetrySchedule.Next(_options, attempts, delivery.RunStartedAt, now);
            await WebhookOutbox.FailedAsync(shard, delivery.Id, now, next is null ? $"gave up after {attempts} attempts: {error}" : error, next, stoppingToken).ConfigureAwait(false);
            if (next is null)
            {
                LogGaveUp(logger, delivery.Id, delivery.Receiver, attempts, error);
            }
            else
            {
                LogAttemptFailed(logger, delivery.Id, delivery.Receiver, attempts, error, next.Value);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // The outcome was not recorded: the lease runs out and the row is attempted again (at least once).
            LogOutcomeNotRecorded(logger, delivery.Id, ex);
        }
        finally
        {
            _slots.Exit(delivery.Receiver, delivery.Id);
        }
    }

    // Null when the receiver answered 2xx; else a short reason (never the URL: its path may be a secret).
    private async Task<string?> AttemptAsync(OutboxDelivery delivery, IReadOnlyList<string> signing, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var body = Encoding.UTF8.GetBytes(delivery.Body);
            var id = delivery.Id.ToString();
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, id);
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader,
                string.Join(' ', signing.Select(secret => WebhookSignature.Sign(secret, id, timestamp, delivery.Body))));
            if (_options.LegacySignatureHeader)
            {
                // Opt-in for receivers not yet moved: the deployment-wide secret, so it lets one user forge another's deliveries.
                request.Headers.TryAddWithoutValidation(WebhookSignature.LegacyHeader, WebhookSignature.SignLegacy(_options.SigningSecret!, delivery.Body));
            }

            request.Headers.TryAddWithoutValidation("X-Evently-Delivery", id);
            var client = httpClients.CreateClient(ClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            await ReadCappedAsync(response.Content, _options.MaxResponseBodyBytes, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException ex) when (ex is WebhookTargetRefusedException || ex.InnerException is WebhookTargetRefusedException)
        {
            return "refused: the host resolves only to addresses webhooks may not target";
        }
        catch (HttpRequestException ex)
        {
            return $"request failed: {ex.HttpRequestError}";
        }
        catch (IOException)
        {
            return "connection failed";
        }
    }

    // The answer only matters for its status; a receiver may not push more than a few kilobytes into this silo.
    private static async Task ReadCappedAsync(HttpContent content, int cap, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[Math.Min(Math.Max(cap, 1), 4_096)];
        var read = 0;
        while (read < cap)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, cap - read)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return;
            }

            read += n;
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Outbox poll failed on a shard")]
    private static partial void LogShardUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Webhook {NotificationId} delivered to {Receiver} at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, Guid notificationId, string receiver, int attempt);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Webhook {NotificationId} to {Receiver}: attempt {Attempt} failed ({Error}); next at {NextAttemptAt:O}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid notificationId, string receiver, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Warning, Message = "Webhook {NotificationId} to {Receiver} given up after {Attempt} attempts ({Error})")]
    private static partial void LogGaveUp(ILogger logger, Guid notificationId, string receiver, int attempt, string error);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Webhook {NotificationId}: the attempt's outcome was not recorded; it will be attempted again")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Guid notificationId, Exception exception);
}
