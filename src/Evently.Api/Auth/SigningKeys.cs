using System.Security.Cryptography;
using System.Text;
using Evently.Persistence.Embedded;

namespace Evently.Api.Auth;

/// <summary>
/// Where the token signing key comes from: <c>Evently:Jwt:SigningKey</c> when set (at least 256 bits, always, and never a
/// published key outside Development);
/// else, in Development, <see cref="DevelopmentKey"/>; else, on a single machine running the embedded database,
/// a random key generated once and kept next to the database files; else start-up stops.
/// </summary>
public static partial class SigningKeys
{
    /// <summary>The documented key of Development. Anyone can read it: never use it elsewhere.</summary>
    public const string DevelopmentKey = "evently-development-signing-key-not-secret-do-not-use-in-production";

    // Keys that were ever printed in this repository: usable in Development only.
    private static readonly HashSet<string> PublishedKeys = new(StringComparer.Ordinal)
    {
        DevelopmentKey,
        "change-me-to-a-random-secret-of-at-least-32-bytes",
    };

    /// <summary>256 bits.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The key file's name in the embedded database's parent folder.</summary>
    public const string FileName = "jwt-signing-key";

    /// <summary>Resolves the key bytes or throws <see cref="InvalidOperationException"/> with one clear message.</summary>
    public static byte[] Resolve(string? configured, bool isDevelopment, string? embeddedFolder, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!isDevelopment && PublishedKeys.Contains(configured.Trim()))
            {
                throw new InvalidOperationException(
                    $"{JwtOptions.Section}:SigningKey is a published key (the Development default or an old docker-compose.yml example): anyone can sign " +
                    $"an admin token with it. Outside Development set a secret of at least {MinimumBytes * 8} bits, for example the output of `openssl rand -base64 48`.");
            }

            var bytes = Encoding.UTF8.GetBytes(configured);
            return bytes.Length >= MinimumBytes
                ? bytes
                : throw new InvalidOperationException(
                    $"{JwtOptions.Section}:SigningKey is too short: {bytes.Length * 8} bits; at least {MinimumBytes * 8} bits ({MinimumBytes} bytes of UTF-8) are required.");
        }

        if (isDevelopment)
        {
            LogDevelopmentKey(logger);
            return Encoding.UTF8.GetBytes(DevelopmentKey);
        }

        if (embeddedFolder is not null)
        {
            var path = Path.Combine(embeddedFolder, FileName);
            LogLocalKey(logger, path);
            return LoadOrCreate(path);
        }

        throw new InvalidOperationException(
            $"{JwtOptions.Section}:SigningKey is not set. Outside Development, with configured databases, set it to a secret of at least {MinimumBytes * 8} bits " +
            $"(for example the output of `openssl rand -base64 48`), the same on every front end.");
    }

    // Several front ends of one machine may start together: the first to create the file wins, the others read it.
    private static byte[] LoadOrCreate(string path)
    {
        var (key, _) = SecretFile.ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        return Encoding.UTF8.GetByteCount(key) >= MinimumBytes
            ? Encoding.UTF8.GetBytes(key)
            : throw new InvalidOperationException($"The signing key file {path} holds less than {MinimumBytes * 8} bits; delete it to generate a new one.");
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Evently:Jwt:SigningKey is not set: using the documented Development key")]
    private static partial void LogDevelopmentKey(ILogger logger);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Evently:Jwt:SigningKey is not set: using the local key in {Path} (single machine, embedded database)")]
    private static partial void LogLocalKey(ILogger logger, string path);
}
