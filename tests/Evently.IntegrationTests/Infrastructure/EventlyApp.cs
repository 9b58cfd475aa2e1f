using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Evently.Domain.Sharding;
using Evently.Persistence.Queries;
using Evently.Persistence.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// The real front end (co-hosting its silo) on fresh databases of the shared test PostgreSQL.
/// Create with <see cref="StartAsync"/>; each instance is its own cluster. The tests change it only through what
/// <see cref="StartAsync"/> takes: configuration overrides, test services, the environment and a log capture.
/// </summary>
public sealed class EventlyApp : WebApplicationFactory<Program>
{
    /// <summary>Dev admin seeded at start-up.</summary>
    public const string AdminEmail = "admin@evently.test";

    /// <summary>Its password.</summary>
    public const string AdminPassword = "Admin-Password-1!";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _environment;
    private readonly LogCapture? _logs;

    private EventlyApp(Dictionary<string, string?> settings, Action<IServiceCollection>? services, string environment, LogCapture? logs = null)
    {
        _settings = settings;
        _services = services;
        _environment = environment;
        _logs = logs;
    }

    /// <summary>Connection string of the directory database.</summary>
    public string Directory => _settings.TryGetValue("ConnectionStrings:Directory", out var configured) && configured is not null
        ? configured
        : Services.GetRequiredService<Evently.Persistence.Options.DatabaseOptions>().Directory;

    /// <summary>Connection strings of the shards.</summary>
    public IReadOnlyList<string> Shards => _settings.Where(s => s.Key.StartsWith("ConnectionStrings:Shard", StringComparison.Ordinal)).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value!).ToList();

    /// <summary>
    /// Creates fresh databases, starts the host (its services changed by <paramref name="services"/>), and waits until it
    /// is ready. With <paramref name="logs"/>, every log line of Evently and ASP.NET Core (Debug and up) and everything
    /// else (Information and up) also goes to that capture, from before the host starts.
    /// </summary>
    public static async Task<EventlyApp> StartAsync(
        IDictionary<string, string?>? overrides = null, int shards = 4, Action<IServiceCollection>? services = null, string environment = "Development", LogCapture? logs = null)
    {
        var (directory, shardStrings) = await TestPostgres.CreateDatabasesAsync(shards);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Directory"] = directory,
            ["Evently:Shards:Count"] = shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Evently:Admin:Email"] = AdminEmail,
            ["Evently:Admin:Password"] = AdminPassword,
            ["Evently:Jwt:SigningKey"] = "integration-tests-signing-key-of-at-least-256-bits-0123456789",
            ["Evently:Database:MaxPoolSize"] = "20",
            // Every test client shares one address; the tests of the per-address limits set their own.
            ["Evently:RateLimits:RegistrationsPerAddress"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (var i = 0; i < shardStrings.Length; i++)
        {
            settings[$"ConnectionStrings:Shard{i}"] = shardStrings[i];
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return await StartedAsync(new EventlyApp(settings, services, environment, logs));
    }

    /// <summary>
    /// The host as the README's quick start runs it: no connection strings (an embedded PostgreSQL under
    /// <paramref name="dataFolder"/>), no signing key, no admin password, in <paramref name="environment"/>.
    /// </summary>
    public static Task<EventlyApp> StartEmbeddedAsync(string dataFolder, string environment = "Production", IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Evently:EmbeddedPostgres:DataDirectory"] = Path.Combine(dataFolder, "postgres"),
            ["Evently:EmbeddedPostgres:Durable"] = "false",
            ["Evently:Shards:Count"] = "1",
            ["Evently:Database:MaxPoolSize"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return StartedAsync(new EventlyApp(settings, null, environment));
    }

    private static async Task<EventlyApp> StartedAsync(EventlyApp app)
    {
        using var client = app.CreateClient();
        var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        ready.EnsureSuccessStatusCode();
        return app;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment(_environment);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_settings));
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter, ClientAddressHeader>());
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }

        if (_logs is not null)
        {
            builder.ConfigureLogging(logging => logging
                .AddProvider(_logs)
                .AddFilter<LogCapture>(null, LogLevel.Information)
                .AddFilter<LogCapture>("Evently", LogLevel.Debug)
                .AddFilter<LogCapture>("Microsoft.AspNetCore", LogLevel.Debug));
        }
    }

    /// <summary>The index of the shard holding the event or booking <paramref name="id"/> (ids are minted into a bucket).</summary>
    /// <remarks>Read from the host's bucket map, which a moved bucket or an added database changes (bucket % N no longer holds then).</remarks>
    public int ShardIndexOf(Guid id) => Services.GetRequiredService<ShardDataSources>().Map.ShardOfId(id);

    /// <summary>
    /// The connection string of the shard holding the event or booking <paramref name="id"/>: a configured shard's, or, for a
    /// database added since (on the directory's server), the directory's pointed at it.
    /// </summary>
    public string ShardOf(Guid id)
    {
        var shard = ShardIndexOf(id);
        return shard < Shards.Count
            ? Shards[shard]
            : new Npgsql.NpgsqlConnectionStringBuilder(Directory)
            {
                Database = new Npgsql.NpgsqlConnectionStringBuilder(Services.GetRequiredService<ShardDataSources>().Shards[shard].ConnectionString).Database,
            }.ConnectionString;
    }

    /// <summary>
    /// Runs the project's auditor (every invariant it checks, on every shard) and asserts it finds nothing; with
    /// <paramref name="only"/>, nothing of that one check (for data seeded straight into the tables that the others would flag).
    /// </summary>
    public async Task AssertInvariantsAsync(string? only = null)
    {
        var auditor = Services.GetRequiredService<Auditor>();
        var findings = await FindingsAsync();
        if (findings.Count > 0 && findings.All(f => f.Check == "promotion_reminder"))
        {
            // The auditor reads promotions and reminders apart; one committed or expired between the reads shows up once.
            findings = await FindingsAsync();
        }

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings.Take(10)));

        async Task<List<AuditFinding>> FindingsAsync() => (await auditor.RunAsync()).Where(f => only is null || f.Check == only).ToList();
    }

    /// <summary>A client whose requests carry <paramref name="token"/>.</summary>
    public HttpClient ClientWithToken(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Registers a user and returns (id, token).</summary>
    public async Task<(Guid Id, string Token)> RegisterAsync(string? email = null, string password = "Password-123")
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        using var client = CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Test User", password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var token = await LoginAsync(email, password);
        var user = await registered.Content.ReadFromJsonAsync<IdOnly>();
        return (user!.Id, token);
    }

    /// <summary>Registers a user and returns a client signed in as them.</summary>
    public async Task<HttpClient> UserClientAsync() => ClientWithToken((await RegisterAsync()).Token);

    /// <summary>Registers <paramref name="count"/> users a few at a time (password hashing is CPU-bound by design).</summary>
    public async Task<(Guid Id, string Token)[]> RegisterManyAsync(int count)
    {
        using var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return await RegisterAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Logs in and returns the access token.</summary>
    public async Task<string> LoginAsync(string email, string password)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<TokenOnly>();
        return body!.AccessToken;
    }

    /// <summary>The seeded admin's token.</summary>
    public Task<string> AdminTokenAsync() => LoginAsync(AdminEmail, AdminPassword);

    private sealed record IdOnly(Guid Id);

    private sealed record TokenOnly(string AccessToken);
}
