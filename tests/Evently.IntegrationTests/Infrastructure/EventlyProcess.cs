using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Evently.Persistence.Hosting;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// The front end as an operator runs it: its own process (<c>dotnet Evently.Api.dll</c>, the build the tests reference),
/// with the environment and arguments given, its console captured line by line. Can be killed with SIGKILL.
/// </summary>
public sealed class EventlyProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private EventlyProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>Every line written to standard output and error so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Everything written so far, one string.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>A fresh http://127.0.0.1:port address with a free port.</summary>
    public static Uri FreeUrl() => new($"http://127.0.0.1:{LoopbackPort.Free()}");

    /// <summary>Starts the front end; does not wait for it.</summary>
    public static EventlyProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "Evently.Api.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test says: nothing of the runner's own hosting settings leaks in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
            || k.StartsWith("DOTNET_URLS", StringComparison.Ordinal) || k.StartsWith("Evently", StringComparison.Ordinal)
            || k.StartsWith("Logging", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var result = new EventlyProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Starts the front end and waits until <paramref name="url"/><c>/health/ready</c> answers 200.</summary>
    public static async Task<EventlyProcess> StartReadyAsync(Uri url, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var process = Start(environment, arguments);
        try
        {
            await process.WaitReadyAsync(url);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the front end in Development on fresh databases (one shard, fast password hashing) and waits until it is
    /// ready at <paramref name="url"/>. <paramref name="settings"/> (environment variables) go on top; without them it
    /// listens at <paramref name="url"/> (<c>ASPNETCORE_URLS</c>), with them where they (or <paramref name="arguments"/>) say.
    /// </summary>
    public static async Task<EventlyProcess> StartDevelopmentAsync(Uri url, IReadOnlyDictionary<string, string>? settings = null, params string[] arguments)
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Directory"] = directory,
            ["ConnectionStrings__Shard0"] = shards[0],
            ["Evently__Shards__Count"] = "1",
            ["Evently__Database__MaxPoolSize"] = "10",
            ["Evently__PasswordHasher__IterationCount"] = "1000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string> { ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority) })
        {
            environment[key] = value;
        }

        return await StartReadyAsync(url, environment, arguments);
    }

    /// <summary>Waits until <c>/health/ready</c> at <paramref name="url"/> answers 200; fails with the console if the process ends first.</summary>
    public async Task WaitReadyAsync(Uri url, TimeSpan? timeout = null)
    {
        using var probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the front end exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(120)))
            {
                throw new TimeoutException($"{url} was not ready in time:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit(); // drains the output events
        return _process.ExitCode;
    }

    /// <summary><c>kill -9</c>: the process ends at once, running nothing of its own.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Pids of this process's children whose command line contains <paramref name="text"/>.</summary>
    public IReadOnlyList<int> Children(string text) =>
        Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == Pid && CommandLine(pid).Contains(text, StringComparison.Ordinal))
            .ToList();

    /// <summary>The command line of <paramref name="pid"/>, arguments separated by spaces ("" once gone).</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>True while <paramref name="pid"/> is a running process (not a zombie).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal)) ?? "";
            return !status.Contains('Z', StringComparison.Ordinal) && !status.Contains('X', StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var line = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
