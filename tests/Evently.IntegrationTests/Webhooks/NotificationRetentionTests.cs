using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;
using Evently.Persistence.Sharding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>Old notifications that need nothing more are removed in batches; pending and recent ones stay.</summary>
public sealed class NotificationRetentionTests(WebhookAppFixture fixture) : IClassFixture<WebhookAppFixture>
{
    [Fact]
    public async Task Delivered_and_in_app_notifications_past_the_retention_age_go_in_batches_and_pending_ones_stay()
    {
        var (eventId, _) = await fixture.WaitlistedAsync();
        var shard = fixture.App.ShardOf(eventId);
        var user = Guid.NewGuid();
        var now = fixture.Clock.GetUtcNow();
        // (label, webhook, created, dispatched, failed): ages in days before the webhook clock's now; the pending one is due tomorrow (not attempted here).
        (string Label, bool Webhook, int Created, int? Dispatched, int? Failed)[] rows =
        [
            ("delivered-old-1", true, 40, 40, null), ("delivered-old-2", true, 40, 39, null), ("delivered-old-3", true, 35, 35, null),
            ("delivered-old-4", true, 50, 31, null), ("delivered-old-5", true, 31, 31, null), ("in-app-old", false, 45, null, null),
            ("failed-very-old", true, 120, null, 100),
            ("pending-old", true, 40, null, null), ("delivered-recent", true, 2, 1, null), ("in-app-recent", false, 1, null, null),
            ("failed-old", true, 45, null, 44), ("delivered-late", true, 40, 10, null),
        ];
        foreach (var row in rows)
        {
            await TestPostgres.ExecuteAsync(shard, $"""
                INSERT INTO notifications (id, user_id, event_id, kind, payload, webhook_url, created_at, dispatched_at, failed_at, next_attempt_at)
                VALUES (gen_random_uuid(), '{user}', '{eventId}', 'price_changed', jsonb_build_object('label', '{row.Label}'),
                        {(row.Webhook ? "'https://hooks.example.com/x'" : "NULL")}, {Ago(now, row.Created)}, {Ago(now, row.Dispatched)}, {Ago(now, row.Failed)},
                        {(row.Webhook && row.Dispatched is null && row.Failed is null ? Ago(now, -1) : "NULL")})
                """);
        }

        var databases = fixture.App.Services.GetRequiredService<ShardDataSources>();
        var source = databases.Shards[fixture.App.Shards.ToList().IndexOf(shard)];
        using var retention = new NotificationRetention(databases, Options.Create(new WebhookOptions { RetentionBatchSize = 2 }), fixture.Clock,
            NullLogger<NotificationRetention>.Instance);

        var deleted = await retention.PurgeAsync(source, CancellationToken.None);
        var left = await TestPostgres.ScalarAsync<string>(shard,
            "SELECT string_agg(payload ->> 'label', ',' ORDER BY payload ->> 'label') FROM notifications WHERE user_id = @u", ("u", user));

        Assert.Equal("delivered-late,delivered-recent,failed-old,in-app-recent,pending-old", left);
        Assert.True(deleted >= 7, $"{deleted} deleted");
    }

    private static string Ago(DateTimeOffset now, int? days) =>
        days is { } d ? $"'{now.AddDays(-d):O}'::timestamptz" : "NULL";
}
