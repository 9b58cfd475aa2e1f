using System.Net;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// One app for the fuzz tests, seeded with an event, a booking and a user for generated routes to reach, and one
/// client per kind of caller. Passwords hash cheaply here: the fuzzer logs in and registers hundreds of times.
/// </summary>
public sealed class FuzzFixture : IAsyncLifetime
{
    private readonly Dictionary<string, HttpClient> _clients = [];
    private EventlyApp? _app;

    /// <summary>The app.</summary>
    public EventlyApp App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>What exists in it.</summary>
    public SeededIds Ids { get; private set; } = new(Guid.Empty, Guid.Empty, Guid.Empty);

    /// <summary>Every endpoint the app maps, as the fuzzer sees them.</summary>
    public IReadOnlyList<FuzzEndpoint> Endpoints { get; private set; } = [];

    /// <summary>The client of <paramref name="caller"/> (see <see cref="FuzzRequests"/>).</summary>
    public HttpClient Client(string caller) => _clients[caller];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _app = await EventlyApp.StartAsync(new Dictionary<string, string?> { ["Evently:PasswordHasher:IterationCount"] = "1000" }, shards: 2);
        var admin = await _app.AdminTokenAsync();
        var (_, userToken) = await _app.RegisterAsync();
        var (bystander, _) = await _app.RegisterAsync();
        var eventId = await _app.CreateEventAsync(admin, capacity: 100_000);
        _clients[FuzzRequests.Admin] = _app.ClientWithToken(admin);
        _clients[FuzzRequests.User] = _app.ClientWithToken(userToken);
        _clients[FuzzRequests.Anonymous] = _app.CreateClient();
        // Well formed, signed with a key nobody has.
        _clients[FuzzRequests.Forged] = _app.ClientWithToken(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJl");
        foreach (var client in _clients.Values)
        {
            client.Timeout = TimeSpan.FromSeconds(15);
        }

        using var booked = await _clients[FuzzRequests.User].BookAsync(eventId, 1);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Ids = new SeededIds(eventId, (await booked.JsonAsync()).GetProperty("id").GetGuid(), bystander);
        Endpoints = FuzzEndpoint.Read(_app.Services.GetRequiredService<EndpointDataSource>());
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
