using System.Diagnostics;
using Evently.Persistence.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evently.Persistence.Embedded;

/// <summary>
/// A private PostgreSQL cluster started from the machine's own binaries (<c>/usr/lib/postgresql/*/bin</c>)
/// under a data folder of ours, on a free loopback port. Used when no connection strings are configured,
/// and by the test suite for throwaway clusters. As root, <c>initdb</c> refuses to run, so the server runs
/// as the unprivileged <c>postgres</c> system user. Every connection authenticates with a password (SCRAM-SHA-256):
/// a random one generated at first start and kept in <see cref="PasswordFileName"/> beside the data folder, readable by
/// its owner only, so other local users of the machine cannot connect. A cluster made by an older version with
/// <c>trust</c> authentication is switched over at its next start.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    /// <summary>The superuser's password file, in the data folder's parent.</summary>
    public const string PasswordFileName = "postgres-password";

    private const string SuperUser = "evently";
    private readonly string _binDirectory;
    private readonly string _serverOptions;
    private readonly ILogger _logger;
    private readonly string _password;
    private bool _stopped;

    private EmbeddedPostgres(string dataDirectory, string binDirectory, int port, string serverOptions, ILogger logger)
    {
        DataDirectory = dataDirectory;
        PasswordFile = Path.Combine(Path.GetDirectoryName(dataDirectory)!, PasswordFileName);
        _password = SecretFile.ReadOrCreate(PasswordFile, () => SecretFile.NewSecret()).Secret;
        _binDirectory = binDirectory;
        Port = port;
        _serverOptions = serverOptions;
        _logger = logger;
    }

    /// <summary>The cluster's data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>Where the superuser's password is kept (mode 0600).</summary>
    public string PasswordFile { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = _password,
            Database = database,
        }.ConnectionString;

    /// <summary>Initialises the data folder if it is new, then starts the server and waits until it accepts connections.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken cancellationToken = default)
    {
        var bin = options.BinDirectory ?? FindBinDirectory()
            ?? throw new InvalidOperationException("No PostgreSQL binaries found under /usr/lib/postgresql/*/bin. Install PostgreSQL server binaries or configure ConnectionStrings:Directory and ConnectionStrings:Shard0..N-1.");
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var port = options.Port == 0 ? LoopbackPort.Free() : options.Port;
        var serverOptions = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections={options.MaxConnections}"
            + (options.Durable ? string.Empty : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        var server = new EmbeddedPostgres(dataDirectory, bin, port, serverOptions, logger);
        await server.InitialiseAsync(cancellationToken).ConfigureAwait(false);
        await server.RunAsync("pg_ctl", cancellationToken, "-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"),
            "-o", serverOptions, "-w", "-t", "60", "start").ConfigureAwait(false);
        await server.RequirePasswordsAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port} with data in {DataDirectory}", port, dataDirectory);
        return server;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server (fast shutdown: open transactions roll back, committed data stays).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", CancellationToken.None, "-D", DataDirectory, "-m", "fast", "-w", "stop").ConfigureAwait(false);
            _logger.LogInformation("Embedded PostgreSQL on port {Port} stopped", Port);
        }
        catch (InvalidOperationException ex)
        {
            _logger.LogWarning(ex, "Stopping embedded PostgreSQL failed");
        }
    }

    /// <summary>Stops the server, for fault-injection tests; <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public async Task KillAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", CancellationToken.None, "-D", DataDirectory, "-m", "immediate", "-w", "stop").ConfigureAwait(false);
    }

    /// <summary>Starts a stopped server again on the same port, with the same settings.</summary>
    public Task RestartAsync() =>
        RunAsync("pg_ctl", CancellationToken.None, "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-o", _serverOptions, "-w", "-t", "60", "start");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (IsRoot)
        {
            // The server refuses to run as root; hand the folder to the postgres system user.
            await RunProcessAsync("chown", cancellationToken, asPostgres: false, "-R", "postgres:postgres", DataDirectory).ConfigureAwait(false);
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            // A previous run may have crashed and left its pid file; the server clears a stale one itself.
            return;
        }

        _logger.LogInformation("Initialising PostgreSQL data folder {DataDirectory}", DataDirectory);
        // initdb reads the password from a file the server's user can read: a private copy, deleted right after.
        var passwordCopy = Path.Combine(Path.GetTempPath(), $"evently-initdb-{Guid.NewGuid():N}");
        SecretFile.Overwrite(passwordCopy, _password);
        try
        {
            if (IsRoot)
            {
                await RunProcessAsync("chown", cancellationToken, asPostgres: false, "postgres:postgres", passwordCopy).ConfigureAwait(false);
            }

            await RunAsync("initdb", cancellationToken, "-D", DataDirectory, "-A", "scram-sha-256", "-U", SuperUser, "--pwfile", passwordCopy,
                "-E", "UTF8", "--no-locale", "--no-sync").ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordCopy);
        }
    }

    // A cluster initialised with trust (older versions) gets the password set and pg_hba.conf switched to SCRAM, then reloads.
    private async Task RequirePasswordsAsync(CancellationToken cancellationToken)
    {
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        var lines = await File.ReadAllLinesAsync(hba, cancellationToken).ConfigureAwait(false);
        if (!lines.Any(l => !l.TrimStart().StartsWith('#') && l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [.., "trust"]))
        {
            return;
        }

        _logger.LogWarning("The embedded PostgreSQL in {DataDirectory} accepted connections without a password: switching it to password authentication", DataDirectory);
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // ALTER ROLE takes no parameters; the secret is base64url, so it needs no quoting beyond the literal's.
            await using var alter = new NpgsqlCommand($"ALTER ROLE \"{SuperUser}\" PASSWORD '{_password.Replace("'", "''", StringComparison.Ordinal)}'", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Writing in place keeps the file's owner (postgres when we run as root).
        await File.WriteAllTextAsync(hba, """
            # Written by Evently: every connection authenticates with a password (SCRAM-SHA-256).
            local   all             all                                     scram-sha-256
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 scram-sha-256
            local   replication     all                                     scram-sha-256
            host    replication     all             127.0.0.1/32            scram-sha-256
            host    replication     all             ::1/128                 scram-sha-256

            """, cancellationToken).ConfigureAwait(false);
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", cancellationToken, "-D", DataDirectory, "reload").ConfigureAwait(false);
    }

    private Task RunAsync(string tool, CancellationToken cancellationToken, params string[] arguments) =>
        RunProcessAsync(Path.Combine(_binDirectory, tool), cancellationToken, IsRoot, arguments);

    private static async Task RunProcessAsync(string fileName, CancellationToken cancellationToken, bool asPostgres, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", fileName })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}");
        // pg_ctl start leaves the server running with our pipes inherited; read to the end only what the tool itself writes.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var error = await stderr.ConfigureAwait(false);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {error.Trim()}");
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
}
