using System.Security.Cryptography;
using System.Text;

namespace Evently.Api.Auth;

/// <summary>
/// Where the token signing key comes from: <c>Evently:Jwt:SigningKey</c> when set (at least 256 bits, always);
/// else, in Development, <see cref="DevelopmentKey"/>; else, on a single machine running the embedded database,
/// a random key generated once and kept next to the database files; else start-up stops.
/// </summary>
public static class SigningKeys
{
    /// <summary>The documented key of Development. Anyone can read it: never use it elsewhere.</summary>
    public const string DevelopmentKey = "evently-development-signing-key-not-secret-do-not-use-in-production";

    /// <summary>256 bits.</summary>
    public const int MinimumBytes = 32;

    /// <summary>The key file's name in the embedded database's parent folder.</summary>
    public const string FileName = "jwt-signing-key";

    /// <summary>Resolves the key bytes or throws <see cref="InvalidOperationException"/> with one clear message.</summary>
    public static byte[] Resolve(string? configured, bool isDevelopment, string? embeddedFolder, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Encoding.UTF8.GetBytes(configured);
            return bytes.Length >= MinimumBytes
                ? bytes
                : throw new InvalidOperationException(
                    $"{JwtOptions.Section}:SigningKey is too short: {bytes.Length * 8} bits; at least {MinimumBytes * 8} bits ({MinimumBytes} bytes of UTF-8) are required.");
        }

        if (isDevelopment)
        {
            logger.LogWarning("{Section}:SigningKey is not set: using the documented Development key", JwtOptions.Section);
            return Encoding.UTF8.GetBytes(DevelopmentKey);
        }

        if (embeddedFolder is not null)
        {
            var path = Path.Combine(embeddedFolder, FileName);
            logger.LogWarning("{Section}:SigningKey is not set: using the local key in {Path} (single machine, embedded database)", JwtOptions.Section, path);
            return LoadOrCreate(path);
        }

        throw new InvalidOperationException(
            $"{JwtOptions.Section}:SigningKey is not set. Outside Development, with configured databases, set it to a secret of at least {MinimumBytes * 8} bits " +
            $"(for example the output of `openssl rand -base64 48`), the same on every front end.");
    }

    // Several front ends of one machine may start together: the first to create the file wins, the others read it.
    private static byte[] LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(key);
            }

            return Encoding.UTF8.GetBytes(key);
        }
        catch (IOException) when (File.Exists(path))
        {
            for (var attempt = 0; ; attempt++)
            {
                var key = File.ReadAllText(path).Trim();
                if (Encoding.UTF8.GetByteCount(key) >= MinimumBytes)
                {
                    return Encoding.UTF8.GetBytes(key);
                }

                if (attempt == 20)
                {
                    throw new InvalidOperationException($"The signing key file {path} holds less than {MinimumBytes * 8} bits; delete it to generate a new one.");
                }

                // Its creator may still be writing it.
                Thread.Sleep(50);
            }
        }
    }
}
