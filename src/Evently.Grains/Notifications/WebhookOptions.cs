namespace Evently.Grains.Notifications;

/// <summary>Webhook delivery (section <c>Evently:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>Key of the <c>X-Evently-Signature</c> HMAC-SHA256; set a secret of your own outside development.</summary>
    public string SigningSecret { get; set; } = "evently-development-webhook-secret";

    /// <summary>Attempts before a delivery is given up and its failure recorded.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First retry delay; each retry doubles it.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each shard's outbox is polled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Hosts (or host:port) webhooks may target although they are loopback or private, e.g. a local receiver in tests.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
