using System.Diagnostics;
using System.Globalization;

namespace Evently.LoadGenerator.Hosting;

/// <summary>
/// Starts the system with <c>dotnet run -c Release --project src/Evently.Api --urls URL</c>, waits for
/// <c>/health/ready</c>, and stops it gracefully (SIGTERM to the API process, then a tree kill) when disposed.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();

    private ServerProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    /// <summary>Where the server's console output goes.</summary>
    public string LogPath { get; }

    /// <summary>The API process itself (the child of <c>dotnet run</c>), once found.</summary>
    public int? AppPid { get; private set; }

    public static async Task<ServerProcess> StartAsync(string repoRoot, Uri url, string logPath, TimeSpan timeout, Action<string> phase, CancellationToken ct)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(url, "/health/ready");
        if (await AnswersAsync(probe, new Uri(url, "/health/live"), ct) is not null)
        {
            throw new LoadGeneratorException($"something already answers on {url}; drop --start to use it, or pick another --url port");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
#pragma warning disable CA2000 // the ServerProcess below owns the log and the process; it is returned, or disposed on failure
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var listen = url.GetLeftPart(UriPartial.Authority);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "run", "-c", "Release", "--project", Path.Combine("src", "Evently.Api"), "--urls", listen })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // The generator signs up and signs in all its users from one address: lift the per-address limits for this run only.
        info.Environment["Evently__RateLimits__RegistrationsPerAddress"] = "1000000";
        info.Environment["Evently__PasswordHasher__PerAddress"] = "1000000";
        // Its test users are registered and signed in at 1,000 PBKDF2 rounds instead of 100,000 (seconds, not minutes, of
        // set-up): the server accepts fewer rounds than its default only in Development (docs/performance.md#how-to-reproduce).
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Evently__PasswordHasher__IterationCount"] = "1000";
        phase($"starting the system: dotnet run -c Release --project src/Evently.Api --urls {listen} (log: {logPath})");
        var process = Process.Start(info) ?? throw new LoadGeneratorException("could not start dotnet");
        var server = new ServerProcess(process, log, logPath);
#pragma warning restore CA2000
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var clock = Stopwatch.StartNew();
            var lastStatus = "";
            while (true)
            {
                if (process.HasExited)
                {
                    throw new LoadGeneratorException($"the system exited with code {process.ExitCode} before it was ready; see {logPath}:{Environment.NewLine}{server.Tail(15)}");
                }

                var status = await AnswersAsync(probe, ready, ct);
                if (status == 200)
                {
                    break;
                }

                if (clock.Elapsed > timeout)
                {
                    throw new LoadGeneratorException($"{ready} did not answer 200 within {timeout.TotalSeconds:N0} s (last: {lastStatus}); see {logPath}:{Environment.NewLine}{server.Tail(15)}");
                }

                lastStatus = status is null ? "no answer" : $"HTTP {status}";
                await Task.Delay(1000, ct);
            }

            server.AppPid = FindApiProcess(process.Id);
            phase($"the system is ready after {clock.Elapsed.TotalSeconds:N0} s (API pid {server.AppPid?.ToString(CultureInfo.InvariantCulture) ?? "unknown"})");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(AppPid ?? _process.Id, "TERM");
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
            lock (_logLock)
            {
                _log.Dispose();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private string Tail(int lines)
    {
        lock (_logLock)
        {
            _log.Flush();
        }

        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task<int?> AnswersAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, ct);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The descendant of <paramref name="root"/> running Evently.Api (dotnet run starts it as a child).</summary>
    private static int? FindApiProcess(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            var pid = queue.Dequeue();
            if (pid != root && CommandLine(pid).Contains("Evently.Api", StringComparison.Ordinal))
            {
                return pid;
            }

            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                queue.Enqueue(child);
            }
        }

        return null;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void Signal(int pid, string signal)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
