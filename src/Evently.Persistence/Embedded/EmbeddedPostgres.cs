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
/// <para>
/// Operations: as root, a data folder the <c>postgres</c> user cannot reach (a clone under <c>/root</c> or a 0700
/// <c>mktemp -d</c> folder) is placed under <see cref="EmbeddedPostgresOptions.FallbackDirectory"/> instead, one folder per configured path, and
/// the log says where. A server left running by a process that was killed (<c>kill -9</c>) is found through its
/// <c>postmaster.pid</c> and stopped before ours starts; a watchdog process stops our server when this process
/// disappears without stopping it.
/// </para>
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    /// <summary>The superuser's password file, in the data folder's parent.</summary>
    public const string PasswordFileName = "postgres-password";

    /// <summary>Where clusters go, as root, whose configured folder the <c>postgres</c> user cannot reach.</summary>
    public const string DefaultFallbackDirectory = "/var/lib/evently";

    private const string SuperUser = "evently";
    private readonly string _binDirectory;
    private readonly string _serverOptions;
    private readonly ILogger _logger;
    private readonly string _password;
    private bool _stopped;
    private readonly string _fallbackDirectory;
    private Process? _watchdog;

    private EmbeddedPostgres(string dataDirectory, string fallbackDirectory, string binDirectory, int port, string serverOptions, ILogger logger)
    {
        _fallbackDirectory = Path.GetFullPath(fallbackDirectory);
        DataDirectory = dataDirectory;
        HomeDirectory = Path.GetDirectoryName(dataDirectory)!;
        PasswordFile = Path.Combine(HomeDirectory, PasswordFileName);
        _password = SecretFile.ReadOrCreate(PasswordFile, () => SecretFile.NewSecret()).Secret;
        _binDirectory = binDirectory;
        Port = port;
        _serverOptions = serverOptions;
        _logger = logger;
    }

    /// <summary>The cluster's data folder: the configured one, or, as root when that is out of the server's reach, one under the fallback folder.</summary>
    public string DataDirectory { get; private set; }

    /// <summary>The configured data folder's parent (the README's <c>.data</c>): where the secret files are kept.</summary>
    public string HomeDirectory { get; }

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
        var server = new EmbeddedPostgres(dataDirectory, options.FallbackDirectory, bin, port, serverOptions, logger);
        await server.InitialiseAsync(cancellationToken).ConfigureAwait(false);
        await server.StopLeftoverServerAsync(cancellationToken).ConfigureAwait(false);
        await server.RunAsync("pg_ctl", ["-D", server.DataDirectory, "-l", Path.Combine(server.DataDirectory, "server.log"),
            "-o", serverOptions, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
        server.StartWatchdog();
        await server.RequirePasswordsAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(logger, port, server.DataDirectory);
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
        StopWatchdog();
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
            LogStopped(_logger, Port);
        }
        catch (InvalidOperationException ex)
        {
            LogStopFailed(_logger, ex);
        }
    }

    /// <summary>Stops the server, for fault-injection tests; <see cref="RestartAsync"/> brings it back on the same port.</summary>
    public async Task KillAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Starts a stopped server again on the same port, with the same settings.</summary>
    public async Task RestartAsync()
    {
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-o", _serverOptions, "-w", "-t", "60", "start"], CancellationToken.None).ConfigureAwait(false);
        StopWatchdog();
        StartWatchdog();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (IsRoot)
        {
            await PlaceWherePostgresCanReachAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Directory.CreateDirectory(DataDirectory);
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            // A previous run may have crashed and left its pid file; the server clears a stale one itself.
            return;
        }

        LogInitialising(_logger, DataDirectory);
        // initdb reads the password from a file the server's user can read: a private copy, deleted right after.
        var passwordCopy = Path.Combine(Path.GetTempPath(), $"evently-initdb-{Guid.NewGuid():N}");
        SecretFile.Overwrite(passwordCopy, _password);
        try
        {
            if (IsRoot)
            {
                await RunProcessAsync("chown", asPostgres: false, ["postgres:postgres", passwordCopy], cancellationToken).ConfigureAwait(false);
            }

            await RunAsync("initdb", ["-D", DataDirectory, "-A", "scram-sha-256", "-U", SuperUser, "--pwfile", passwordCopy,
                "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordCopy);
        }
    }

    // As root the server runs as postgres, which must be able to reach the data folder: a clone under /root or in a 0700
    // folder is out of its reach. Then the cluster lives under the fallback folder, in a folder named after the configured path,
    // so the next start with the same configuration finds it again.
    private async Task PlaceWherePostgresCanReachAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        // The server refuses to run as root; hand the folder to the postgres system user.
        await RunProcessAsync("chown", asPostgres: false, ["-R", "postgres:postgres", DataDirectory], cancellationToken).ConfigureAwait(false);
        if (await PostgresCanWriteAsync(DataDirectory, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var configured = DataDirectory;
        if (File.Exists(Path.Combine(configured, "PG_VERSION")))
        {
            throw new EmbeddedPostgresException(
                $"{configured} holds a cluster the postgres user can no longer reach (a parent folder became private). Let it through (chmod o+x on each parent) or move the cluster to a folder it can reach and set Evently:EmbeddedPostgres:DataDirectory.");
        }

        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(configured)))[..16];
        var relocated = Path.Combine(_fallbackDirectory, name, "postgres");
        try
        {
            if (!Directory.Exists(_fallbackDirectory))
            {
                Directory.CreateDirectory(_fallbackDirectory);
                await RunProcessAsync("chmod", asPostgres: false, ["0755", _fallbackDirectory], cancellationToken).ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(relocated)!);
            Directory.CreateDirectory(relocated);
            await RunProcessAsync("chown", asPostgres: false, ["-R", "postgres:postgres", Path.GetDirectoryName(relocated)!], cancellationToken).ConfigureAwait(false);
            await RunProcessAsync("chmod", asPostgres: false, ["0700", relocated], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new EmbeddedPostgresException(
                $"The postgres user cannot reach {configured} (a parent folder is closed to other users, e.g. 0700), and {relocated} could not be prepared instead ({ex.Message}). "
                + "Set Evently:EmbeddedPostgres:DataDirectory to a folder the postgres user can reach, or configure ConnectionStrings.", ex);
        }

        if (!await PostgresCanWriteAsync(relocated, cancellationToken).ConfigureAwait(false))
        {
            throw new EmbeddedPostgresException(
                $"The postgres user can reach neither {configured} nor {relocated}. Set Evently:EmbeddedPostgres:DataDirectory to a folder it can reach, or configure ConnectionStrings.");
        }

        // Nothing of ours stays in the unreachable folder (an empty one is all we made there).
        TryDeleteEmpty(configured);
        DataDirectory = relocated;
        LogRelocated(_logger, configured, relocated, HomeDirectory);
    }

    private static async Task<bool> PostgresCanWriteAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            await RunProcessAsync("test", asPostgres: true, ["-w", folder, "-a", "-x", folder], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDeleteEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // postmaster.pid: line 1 the server's pid, line 4 its port. A server still running on our folder was left by a process
    // that died without stopping it (kill -9): stop it cleanly (fast shutdown: committed data stays) before starting ours.
    // A pid file whose process is gone, or is no server of this folder, is stale: removed.
    private async Task StopLeftoverServerAsync(CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken).ConfigureAwait(false);
        if (lines.Length == 0 || !int.TryParse(lines[0].Trim(), out var pid) || !IsServerOf(pid, DataDirectory))
        {
            LogStalePidFile(_logger, pidFile);
            File.Delete(pidFile);
            return;
        }

        var port = lines.Length > 3 ? lines[3].Trim() : "?";
        LogOrphan(_logger, pid, port, DataDirectory);
        try
        {
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new EmbeddedPostgresException(
                $"An embedded PostgreSQL left running by an earlier run (pid {pid}, port {port}) holds {DataDirectory} and did not stop: {ex.Message}", ex);
        }
    }

    private static bool IsServerOf(int pid, string dataDirectory)
    {
        try
        {
            // The postmaster keeps its command line: ".../bin/postgres -D <folder> -p <port> ...".
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains("postgres", StringComparison.Ordinal) && commandLine.Contains(dataDirectory, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // A process of its own (it survives kill -9 of ours) that waits for this process to disappear, then asks our server
    // for a fast shutdown. It signals the postmaster by pid, so a server a later run has started is never touched.
    private void StartWatchdog()
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"));
            if (lines.Length == 0 || !int.TryParse(lines[0].Trim(), out var postmaster))
            {
                return;
            }

            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
            foreach (var argument in new[]
            {
                "-c", "exec </dev/null >/dev/null 2>&1; tail --pid=\"$1\" -f /dev/null; kill -INT \"$2\"", "evently-postgres-watchdog",
                Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            {
                start.ArgumentList.Add(argument);
            }

            _watchdog = Process.Start(start);
        }
        catch (Exception ex) when (ex is IOException or System.ComponentModel.Win32Exception)
        {
            LogWatchdogFailed(_logger, ex);
        }
    }

    private void StopWatchdog()
    {
        var watchdog = Interlocked.Exchange(ref _watchdog, null);
        if (watchdog is null)
        {
            return;
        }

        try
        {
            watchdog.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            watchdog.Dispose();
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

        LogPasswordless(_logger, DataDirectory);
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
        await RunAsync("pg_ctl", ["-D", DataDirectory, "reload"], cancellationToken).ConfigureAwait(false);
    }

    private Task RunAsync(string tool, string[] arguments, CancellationToken cancellationToken) =>
        RunProcessAsync(Path.Combine(_binDirectory, tool), IsRoot, arguments, cancellationToken);

    private static async Task RunProcessAsync(string fileName, bool asPostgres, string[] arguments, CancellationToken cancellationToken)
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

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Embedded PostgreSQL started on 127.0.0.1:{Port} with data in {DataDirectory}")]
    private static partial void LogStarted(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Embedded PostgreSQL on port {Port} stopped")]
    private static partial void LogStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Stopping embedded PostgreSQL failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Initialising PostgreSQL data folder {DataDirectory}")]
    private static partial void LogInitialising(ILogger logger, string dataDirectory);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "The postgres user cannot reach {Configured} (a parent folder is private); the embedded PostgreSQL keeps its data in {DataDirectory} instead (secrets stay in {Home})")]
    private static partial void LogRelocated(ILogger logger, string configured, string dataDirectory, string home);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Removing the stale {PidFile} left by a server that is no longer running")]
    private static partial void LogStalePidFile(ILogger logger, string pidFile);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "An embedded PostgreSQL left running by an earlier run (pid {Pid}, port {Port}) holds {DataDirectory}: stopping it before starting again")]
    private static partial void LogOrphan(ILogger logger, int pid, string port, string dataDirectory);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Could not start the watchdog that stops the embedded PostgreSQL if this process dies")]
    private static partial void LogWatchdogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "The embedded PostgreSQL in {DataDirectory} accepted connections without a password: switching it to password authentication")]
    private static partial void LogPasswordless(ILogger logger, string dataDirectory);
}
