namespace Evently.LoadGenerator.Hosting;

/// <summary>Finds the repository root: the nearest folder upwards that holds <c>Evently.sln</c>.</summary>
internal static class RepoRoot
{
    public static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Evently.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The embedded database's connection string the API writes at start-up: <c>.data/postgres/connection.txt</c> under the
    /// repository root, or the same under <c>src/Evently.Api</c> (the working directory of <c>dotnet run --project</c>), or
    /// <c>.data/connection.txt</c> beside the data folder; the newest existing file wins.
    /// </summary>
    public static (string ConnectionString, string Path, DateTime WrittenUtc)? ReadConnectionFile(string root)
    {
        var candidates = new[]
        {
            System.IO.Path.Combine(root, ".data", "postgres", "connection.txt"),
            System.IO.Path.Combine(root, ".data", "connection.txt"),
            System.IO.Path.Combine(root, "src", "Evently.Api", ".data", "postgres", "connection.txt"),
            System.IO.Path.Combine(root, "src", "Evently.Api", ".data", "connection.txt"),
        };
        var newest = candidates.Where(File.Exists).Select(p => new FileInfo(p)).OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault();
        if (newest is null || File.ReadAllText(newest.FullName).Trim() is not { Length: > 0 } text)
        {
            return null;
        }

        return (text, newest.FullName, newest.LastWriteTimeUtc);
    }

    /// <summary>
    /// The admin password a first start outside Development generated (<c>.data/admin-initial-password</c>, under the
    /// repository root or <c>src/Evently.Api</c>), or null.
    /// </summary>
    public static string? ReadInitialAdminPassword(string root) =>
        new[]
        {
            System.IO.Path.Combine(root, ".data", "admin-initial-password"),
            System.IO.Path.Combine(root, "src", "Evently.Api", ".data", "admin-initial-password"),
        }
        .Where(File.Exists).Select(p => new FileInfo(p)).OrderByDescending(f => f.LastWriteTimeUtc)
        .Select(f => File.ReadAllText(f.FullName).Trim()).FirstOrDefault(t => t.Length > 0);
}
