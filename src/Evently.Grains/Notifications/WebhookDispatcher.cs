using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.Grains.Notifications;

/// <summary>
/// Delivers outbox notifications that carry a webhook URL, at least once: claims due rows with
/// <c>FOR UPDATE SKIP LOCKED</c> (so several silos share the work), POSTs the JSON signed with
/// <c>X-Evently-Signature: sha256=&lt;hex HMAC&gt;</c>, and retries with exponential back-off until
/// <see cref="WebhookOptions.MaxAttempts"/>, then records the failure.
/// </summary>
public sealed partial class WebhookDispatcher(
    ShardDataSources databases, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    private readonly WebhookOptions _options = options.Value;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var shard in databases.Shards)
            {
                try
                {
                    await DispatchDueAsync(shard, stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogShardUnavailable(logger, ex);
                }
            }

            try
            {
                await Task.Delay(_options.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends the due webhooks of one shard; returns how many were attempted.</summary>
    public async Task<int> DispatchDueAsync(NpgsqlDataSource shard, CancellationToken cancellationToken)
    {
        var due = new List<(Guid Id, string Url, string Body, int Attempts)>();
        await using (var claim = shard.CreateCommand("""
            UPDATE notifications SET attempts = attempts + 1, next_attempt_at = @lease
            WHERE id IN (SELECT id FROM notifications
                         WHERE dispatched_at IS NULL AND webhook_url IS NOT NULL AND next_attempt_at <= @now
                         ORDER BY next_attempt_at LIMIT 50 FOR UPDATE SKIP LOCKED)
            RETURNING id, webhook_url, jsonb_build_object('id', id, 'kind', kind, 'eventId', event_id, 'userId', user_id,
                                                          'payload', payload, 'createdAt', created_at)::text, attempts
            """))
        {
            var now = time.GetUtcNow();
            claim.Parameters.AddWithValue("now", now);
            claim.Parameters.AddWithValue("lease", now + _options.Timeout + TimeSpan.FromSeconds(30));
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        await Task.WhenAll(due.Select(d => DeliverAsync(shard, d.Id, d.Url, d.Body, d.Attempts, cancellationToken)));
        return due.Count;
    }

    /// <summary>The signature header value for <paramref name="body"/>.</summary>
    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private async Task DeliverAsync(NpgsqlDataSource shard, Guid id, string url, string body, int attempts, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Evently-Signature", Sign(_options.SigningSecret, body));
            request.Headers.Add("X-Evently-Delivery", id.ToString());
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var response = await httpClients.CreateClient(nameof(WebhookDispatcher)).SendAsync(request, timeout.Token);
            error = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex.GetType().Name;
        }

        var now = time.GetUtcNow();
        await using var update = shard.CreateCommand(error is null
            ? "UPDATE notifications SET dispatched_at = @now, last_error = NULL, next_attempt_at = NULL WHERE id = @id"
            : "UPDATE notifications SET last_error = @error, next_attempt_at = @next WHERE id = @id");
        update.Parameters.AddWithValue("id", id);
        update.Parameters.AddWithValue("now", now);
        if (error is not null)
        {
            var giveUp = attempts >= _options.MaxAttempts;
            update.Parameters.AddWithValue("error", giveUp ? $"gave up after {attempts} attempts: {error}" : error);
            update.Parameters.Add(new NpgsqlParameter("next", NpgsqlTypes.NpgsqlDbType.TimestampTz)
            {
                Value = giveUp ? DBNull.Value : now + _options.InitialBackoff * Math.Pow(2, attempts - 1),
            });
            LogDeliveryFailed(logger, id, attempts, error);
        }

        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox poll failed on a shard")]
    private static partial void LogShardUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {NotificationId} attempt {Attempt} failed: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid notificationId, int attempt, string error);
}
