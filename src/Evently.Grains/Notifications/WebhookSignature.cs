using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Evently.Grains.Notifications;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c>, with
/// <c>webhook-id</c> (the notification id, the same on every attempt) and <c>webhook-timestamp</c> (Unix seconds of the
/// attempt). Covering the timestamp makes a captured delivery useless once it is older than the receiver's tolerance.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Header carrying the notification id: receivers de-duplicate on it.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>Header carrying the attempt's Unix time in seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>Header carrying <c>v1,&lt;signature&gt;</c> (space-separated when several keys sign during a rotation).</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>Version 1.0's header, HMAC of the body alone (replayable): kept for existing receivers, deprecated.</summary>
    public const string LegacyHeader = "X-Evently-Signature";

    /// <summary>The default tolerance between a delivery's timestamp and the receiver's clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>The HMAC key of a secret: the bytes after <c>whsec_</c> (base64), or the UTF-8 bytes of any other secret.</summary>
    public static bool TryKey(string secret, out byte[] key)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            var buffer = new byte[secret.Length];
            var ok = Convert.TryFromBase64String(secret["whsec_".Length..], buffer, out var written);
            key = ok ? buffer[..written] : [];
            return ok;
        }

        key = Encoding.UTF8.GetBytes(secret);
        return true;
    }

    /// <summary>The <c>webhook-signature</c> value for one attempt.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        if (!TryKey(secret, out var key))
        {
            throw new ArgumentException("The secret is not a valid whsec_ secret.", nameof(secret));
        }

        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>
    /// The verification recipe, as a receiver runs it: the timestamp within <paramref name="tolerance"/> of
    /// <paramref name="now"/>, and one <c>v1</c> signature equal (in constant time) to the HMAC of <c>id.timestamp.body</c>.
    /// </summary>
    public static bool Verify(string secret, string? id, string? timestamp, string? signatures, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || signatures is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds
            || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Ticks) > tolerance.Ticks)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, seconds, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    /// <summary>Version 1.0's <c>X-Evently-Signature</c> value: <c>sha256=</c> hex HMAC of the body with the secret's UTF-8 bytes.</summary>
    public static string SignLegacy(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}
