using System.Security.Cryptography;

namespace Evently.Persistence.Embedded;

/// <summary>
/// A secret generated once and kept in a file only its owner can read (0600), created atomically so that several
/// processes of one machine starting together all end up with the same secret.
/// </summary>
public static class SecretFile
{
    /// <summary>Owner read and write only.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A random URL-safe secret of <paramref name="bytes"/> random bytes.</summary>
    public static string NewSecret(int bytes = 32) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The secret in <paramref name="path"/>, creating it with <paramref name="create"/> (0600) when there is none.</summary>
    public static (string Secret, bool Created) ReadOrCreate(string path, Func<string> create)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            var secret = create();
            Write(path, secret, FileMode.CreateNew);
            return (secret, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            for (var attempt = 0; ; attempt++)
            {
                var secret = File.ReadAllText(path).Trim();
                if (secret.Length > 0)
                {
                    Restrict(path);
                    return (secret, false);
                }

                if (attempt == 20)
                {
                    throw new InvalidOperationException($"The secret file {path} is empty; delete it to generate a new one.");
                }

                // Its creator may still be writing it.
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, readable by its owner only, replacing what was there.</summary>
    public static void Overwrite(string path, string text)
    {
        Write(path, text, FileMode.Create);
        // An existing file keeps its old mode on open: set it explicitly.
        Restrict(path);
    }

    /// <summary>Makes <paramref name="path"/> 0600 (a file from an older version may be world-readable).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && File.GetUnixFileMode(path) != OwnerOnly)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }

    private static void Write(string path, string text, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
