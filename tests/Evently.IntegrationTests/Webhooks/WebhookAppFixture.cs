using Evently.Grains.Notifications;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>
/// One host whose webhook clock is a <see cref="FakeTimeProvider"/> (the grains keep the real one), loopback receivers
/// allow-listed, the production retry schedule, and fast polling. Tests move the clock to walk through hours of retries.
/// </summary>
#pragma warning disable CA1001 // xUnit ends it through IAsyncLifetime.DisposeAsync, which disposes the timer
public sealed class WebhookAppFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    /// <summary>The secret deliveries are signed with (a Standard Webhooks secret).</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private Timer? _catchUp;

    /// <summary>The webhook clock: never behind the wall clock (rows are written in real time), moved ahead by tests.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>The host.</summary>
    public EventlyApp App { get; private set; } = null!;

    /// <summary>A client carrying the seeded admin's token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>The admin's token.</summary>
    public string AdminToken { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App = await EventlyApp.StartAsync(Settings(), services: services => services.AddKeyedSingleton<TimeProvider>(WebhookClock.Key, Clock));
        AdminToken = await App.AdminTokenAsync();
        Admin = App.ClientWithToken(AdminToken);
        _catchUp = new Timer(_ => CatchUp(Clock), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
    }

    /// <summary>Moves <paramref name="clock"/> up to the wall clock if it is behind.</summary>
    public static void CatchUp(FakeTimeProvider clock)
    {
        var now = DateTimeOffset.UtcNow;
        lock (clock)
        {
            if (clock.GetUtcNow() < now)
            {
                clock.SetUtcNow(now);
            }
        }
    }

    /// <summary>Moves the webhook clock ahead by <paramref name="step"/>.</summary>
    public void Advance(TimeSpan step)
    {
        lock (Clock)
        {
            Clock.Advance(step);
        }
    }

    /// <summary>The settings of a host in these tests.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Evently:Webhooks:SigningSecret"] = Secret,
        ["Evently:Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Evently:Webhooks:PollInterval"] = "00:00:00.050",
        ["Evently:PasswordHasher:IterationCount"] = "1000",
    };

    /// <summary>See <see cref="WebhookScenario.WaitlistedAsync"/>.</summary>
    public Task<(Guid EventId, (Guid Id, HttpClient Client)[] Users)> WaitlistedAsync(params string[] webhookUrls) =>
        WebhookScenario.WaitlistedAsync(App, AdminToken, webhookUrls);

    /// <summary>See <see cref="WebhookScenario.ChangePriceAsync"/>.</summary>
    public Task ChangePriceAsync(Guid eventId, decimal price) => WebhookScenario.ChangePriceAsync(Admin, eventId, price);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_catchUp is not null)
        {
            await _catchUp.DisposeAsync();
        }

        Admin.Dispose();
        await App.DisposeAsync();
    }
}
