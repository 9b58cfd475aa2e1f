namespace Evently.LoadGenerator.Http;

/// <summary>Where the Evently API is, who to log in as, and where its database is for the check.</summary>
public sealed class EventlyTarget
{
    /// <summary>Base URL of the API (without <c>/api/v1</c>). Ignored when <see cref="HttpClient"/> has a BaseAddress.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>
    /// A client to use instead of creating one (e.g. from <c>WebApplicationFactory.CreateClient()</c>). Not disposed.
    /// When null, one shared <see cref="SocketsHttpHandler"/> client is created with one connection per concurrent client.
    /// </summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Admin account that creates the events.</summary>
    public string AdminEmail { get; set; } = "admin@evently.local";

    /// <summary>Password of <see cref="AdminEmail"/>.</summary>
    public string AdminPassword { get; set; } = "Evently-Admin-2026!";

    /// <summary>Users are <c>{prefix}-000001@loadgen.evently.local</c>…; registered if missing, then logged in.</summary>
    public string UserEmailPrefix { get; set; } = "loadgen";

    /// <summary>Password of the load-test users.</summary>
    public string UserPassword { get; set; } = "Loadgen-Pass-2026!";

    /// <summary>How many register/login calls run at once while preparing users (before the clock starts).</summary>
    public int SetupParallelism { get; set; } = 16;

    /// <summary>
    /// Npgsql connection string for the database check. With a database, that one is tried first; the event is then
    /// looked for in every database matching <see cref="ShardDatabasePattern"/> on the same server. Null: no check.
    /// </summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>SQL LIKE pattern naming the shard databases.</summary>
    public string ShardDatabasePattern { get; set; } = "evently_shard_%";

    /// <summary>Server process id, to report its peak memory (Linux /proc). Null: not reported.</summary>
    public int? ServerPid { get; set; }

    /// <summary>A probe of the CPU used by this client, the server (when <see cref="ServerPid"/> is known) and a local database.</summary>
    public Hosting.CpuProbe CpuProbe() => new(ServerPid, Hosting.CpuProbe.LocalPort(DatabaseConnectionString));

    /// <summary>The events this run created and who created them: the console cancels them when the run ends.</summary>
    internal CreatedEvents CreatedEvents { get; } = new();

    /// <summary>Per-request timeout for a client this library creates.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
