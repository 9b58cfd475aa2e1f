using Evently.Persistence.Options;

namespace Evently.Grains.Notifications;

/// <summary>Webhook delivery (section <c>Evently:Webhooks</c>).</summary>
public sealed class WebhookOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Webhooks";

    /// <summary>
    /// Key of the signatures of recipients without a secret of their own (no longer in the directory) and of the opt-in
    /// <see cref="LegacySignatureHeader"/>; each user's deliveries are signed with that user's secret. Required outside Development (where <see cref="WebhookSecrets.DevelopmentSecret"/> is used);
    /// on a single machine running the embedded database a random secret is generated once instead. A value starting
    /// with <c>whsec_</c> is a Standard Webhooks secret (the key is the base64 after the prefix); any other value is used as UTF-8.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// Also send version 1.0's body-only <c>X-Evently-Signature</c> header, signed with <see cref="SigningSecret"/> (off by
    /// default). It can be replayed forever and every user can verify it, so anyone can forge it for another user's receiver:
    /// only for receivers still being moved to the per-user Standard Webhooks signature (docs/webhooks.md#verifying-a-delivery).
    /// </summary>
    public bool LegacySignatureHeader { get; set; }

    /// <summary>How long after a user rotates the webhook secret deliveries are signed with the replaced secret too.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts of one run before it is given up (the retry window usually ends it first).</summary>
    public int MaxAttempts { get; set; } = 100;

    /// <summary>First retry delay; each retry doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest delay between two attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long after the first attempt (of the notification, or of an admin's redelivery) attempts go on; the last one is at its end.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each shard's outbox is polled (wall clock; shards are polled concurrently).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Hosts (or host:port) webhooks may target although they are not global unicast addresses, e.g. a local receiver in tests.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Longest time one attempt may take, connect to last byte read.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time to resolve and connect to a receiver.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes of a receiver's response body read at most; the rest is never read.</summary>
    public int MaxResponseBodyBytes { get; set; } = 4_096;

    /// <summary>Deliveries in flight per silo.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 64;

    /// <summary>Deliveries in flight per receiver (origin) per silo: a slow receiver holds only these.</summary>
    public int MaxConcurrentPerReceiver { get; set; } = 4;

    /// <summary>Delivered (and in-app only) notifications older than this are deleted.</summary>
    public TimeSpan RetentionAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Failed deliveries are kept this long after failing, for redelivery.</summary>
    public TimeSpan FailedRetentionAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement by retention.</summary>
    public int RetentionBatchSize { get; set; } = 1_000;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        // The signing secret is checked by WebhookSecrets, which knows the environment and the embedded database.
        var problems = new List<string>();
        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff || RetryWindow <= TimeSpan.Zero || MaxAttempts < 1)
        {
            problems.Add("the retry schedule needs InitialBackoff > 0, MaxBackoff >= InitialBackoff, RetryWindow > 0 and MaxAttempts >= 1");
        }

        if (Timeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || SecretRotationOverlap < TimeSpan.Zero)
        {
            problems.Add("Timeout, ConnectTimeout and PollInterval must be positive, SecretRotationOverlap not negative");
        }

        if (MaxConcurrentDeliveries < 1 || MaxConcurrentPerReceiver < 1 || MaxResponseBodyBytes < 0 || RetentionBatchSize < 1)
        {
            problems.Add("MaxConcurrentDeliveries, MaxConcurrentPerReceiver and RetentionBatchSize must be at least 1, MaxResponseBodyBytes not negative");
        }

        return problems.Count == 0 ? [] : [$"{Section}: {string.Join("; ", problems)}."];
    }
}
